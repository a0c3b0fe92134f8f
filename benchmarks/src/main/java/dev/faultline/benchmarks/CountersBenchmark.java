package dev.faultline.benchmarks;

import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.ThreadCounters;
import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import dev.faultline.nativebridge.internal.ProcFile;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The counters against their raw baselines: {@code ThreadCounters.now()} and
 * {@code quick()} against one {@code getrusage(RUSAGE_THREAD)} through JNR (goal ≤ 1 µs);
 * {@code ProcessMemory.now()} and {@code currentRss()} against
 * {@code Files.readAllBytes("/proc/self/statm")} (goal ≤ 2 µs), with one raw {@code pread}
 * of {@code /proc/self/status} as the kernel's floor under {@code now()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CountersBenchmark {
    private static final Path STATM = Path.of("/proc/self/statm");

    private final LibC libc = Natives.libc().library();
    private final Pointer rusage = Memory.allocateDirect(Runtime.getSystemRuntime(), 144);
    private final ProcFile status = ProcFile.open("/proc/self/status");
    private final byte[] buffer = new byte[16384];

    @Benchmark
    public int rawGetrusage() {
        return libc.getrusage(LibC.RUSAGE_THREAD, rusage);
    }

    @Benchmark
    public ThreadCounters threadCountersNow() {
        return ThreadCounters.now();
    }

    @Benchmark
    public ThreadCounters threadCountersQuick() {
        return ThreadCounters.quick();
    }

    /** What the kernel alone costs to write {@code /proc/self/status}: the floor under {@code ProcessMemory.now()}. */
    @Benchmark
    public int rawPreadStatus() throws IOException {
        return status.read(buffer);
    }

    @Benchmark
    public long processMemoryCurrentRss() {
        return ProcessMemory.currentRss();
    }

    @Benchmark
    public byte[] readAllBytesStatm() throws IOException {
        return Files.readAllBytes(STATM);
    }

    @Benchmark
    public ProcessMemory processMemoryNow() {
        return ProcessMemory.now();
    }
}
