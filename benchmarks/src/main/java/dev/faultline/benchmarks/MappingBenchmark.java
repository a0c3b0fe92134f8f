package dev.faultline.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What the mapping tracker adds to {@code ByteBuffer.allocateDirect}, against the same
 * call without the agent: an 8 KiB buffer, which is tracked (a stack walk for its origin,
 * a table entry, a phantom reference), and a 2 KiB one, which is below the tracker's
 * one-page threshold (the hook and the size check only). The buffers are dropped at once
 * and freed by the JDK's cleaner, in all runs alike. No JFR recording runs. Run from the
 * repository root after {@code mvn package}: the forks load
 * {@code agent/target/faultline-agent.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MappingBenchmark {
    private static final String AGENT = "-javaagent:agent/target/faultline-agent.jar=sink=stderr,jfr=false";

    @Benchmark
    @Fork(1)
    public ByteBuffer direct8KiB() {
        return ByteBuffer.allocateDirect(8192);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT)
    public ByteBuffer direct8KiBWithAgent() {
        return ByteBuffer.allocateDirect(8192);
    }

    @Benchmark
    @Fork(1)
    public ByteBuffer direct2KiB() {
        return ByteBuffer.allocateDirect(2048);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT)
    public ByteBuffer direct2KiBWithAgent() {
        return ByteBuffer.allocateDirect(2048);
    }
}
