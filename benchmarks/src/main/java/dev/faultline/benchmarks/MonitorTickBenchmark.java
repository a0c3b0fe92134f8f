package dev.faultline.benchmarks;

import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The work of one memory-monitor tick, the reads it makes ({@code ProcessMemory.now()} and
 * {@code SystemMemory.now()}), each alone and together, against one
 * {@code Files.readAllBytes("/proc/meminfo")} as the baseline of a {@code /proc} read on
 * this machine; and the container's part of a tick, {@link ContainerMemory.Sampler} with its
 * files kept open, against {@link ContainerMemory#now()}, which opens them each time.
 * A tick's time times ticks per second is the monitor's share of one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MonitorTickBenchmark {
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private final ContainerMemory.Sampler sampler = ContainerMemory.sampler();

    @TearDown
    public void closeSampler() {
        sampler.close();
    }

    @Benchmark
    public byte[] readMeminfoBaseline() throws IOException {
        return Files.readAllBytes(MEMINFO);
    }

    @Benchmark
    public ProcessMemory processMemory() {
        return ProcessMemory.now();
    }

    @Benchmark
    public SystemMemory systemMemory() {
        return SystemMemory.now();
    }

    @Benchmark
    public Object tick() {
        ProcessMemory process = ProcessMemory.now();
        SystemMemory system = SystemMemory.now();
        return process.rss() + system.committed() > 0 ? process : system;
    }

    @Benchmark
    public ContainerMemory containerNow() {
        return ContainerMemory.now();
    }

    @Benchmark
    public ContainerMemory containerSampler() {
        return sampler.sample();
    }

    /** The monitor's tick as it runs: the process, then the container with the system's figures. */
    @Benchmark
    public Object tickWithContainer() {
        ProcessMemory process = ProcessMemory.now();
        ContainerMemory container = sampler.sample();
        return process.rss() + container.usage() > 0 ? process : container;
    }
}
