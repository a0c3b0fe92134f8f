package dev.faultline.benchmarks;

import dev.faultline.nativebridge.Backtrace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code Backtrace.capture()} at a stack depth of about 30 frames (Java and native merged,
 * symbols warm) against the baseline {@code new Throwable().getStackTrace()} at the same
 * depth. Goal: capture ≤ 1.3× the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+PreserveFramePointer")
public class CaptureBenchmark {
    /** Extra Java frames above JMH's own (about 10) to reach a depth of ~30. */
    @Param("20")
    int depth;

    @Benchmark
    public Object throwableStackTrace() {
        return descend(depth, false);
    }

    @Benchmark
    public Object backtraceCapture() {
        return descend(depth, true);
    }

    private static Object descend(int remaining, boolean capture) {
        if (remaining > 0) {
            return descend(remaining - 1, capture);
        }
        return capture ? Backtrace.capture().frames() : new Throwable().getStackTrace();
    }
}
