package dev.faultline.agent.internal.memory;

import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.OvercommitMode;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

/**
 * One tick of the memory monitor: the process's and the system's memory counters read
 * together, with the page-fault rates since the tick before. Immutable.
 */
public final class MemorySample {
    /** Wall-clock time of the reading, for people and JFR. */
    public final long epochMillis;
    /** Monotonic time of the reading, for rates. */
    public final long nanoTime;
    public final ProcessMemory process;
    public final SystemMemory system;
    /** The memory cgroup, the limit that binds, headroom, pressure, the OOM killer's counters. */
    public final ContainerMemory container;
    /** Minor faults per second since the previous sample; 0 for the first or when unavailable. */
    public final double minorFaultRate;
    /** Major faults per second since the previous sample; 0 for the first or when unavailable. */
    public final double majorFaultRate;

    MemorySample(long epochMillis, long nanoTime, ProcessMemory process, SystemMemory system,
                 ContainerMemory container, double minorFaultRate, double majorFaultRate) {
        this.container = container;
        this.epochMillis = epochMillis;
        this.nanoTime = nanoTime;
        this.process = process;
        this.system = system;
        this.minorFaultRate = minorFaultRate;
        this.majorFaultRate = majorFaultRate;
    }

    /**
     * Reads the counters now, the container's with {@code sampler} ({@code null}: opening its
     * files this once); rates against {@code previous} (may be {@code null}). Never throws.
     */
    public static MemorySample take(MemorySample previous, ContainerMemory.Sampler sampler) {
        // the sample's time is when its reads begin: the fault counts right after, and the JFR
        // events of the sample begin then too (MemoryEvents.beginSample), so that their times
        // and the rates agree whatever the reads cost
        long nanos = System.nanoTime();
        long millis = System.currentTimeMillis();
        ProcessMemory process = ProcessMemory.now();
        ContainerMemory container = sampler == null ? ContainerMemory.now() : sampler.sample();
        SystemMemory system = container.system(); // read with the container's figures: each file once
        if (previous == null || !previous.process.available() || !process.available()) {
            return new MemorySample(millis, nanos, process, system, container, 0, 0);
        }
        long elapsed = nanos - previous.nanoTime;
        return new MemorySample(millis, nanos, process, system, container,
                perSecond(previous.process.minorFaults(), process.minorFaults(), elapsed),
                perSecond(previous.process.majorFaults(), process.majorFaults(), elapsed));
    }

    /**
     * The rate of a counter that went from {@code before} to {@code after} in
     * {@code elapsedNanos}: events per second; 0 when no time passed or the counter went
     * backwards (it never should: the kernel's counters only grow).
     */
    static double perSecond(long before, long after, long elapsedNanos) {
        if (elapsedNanos <= 0 || after < before) {
            return 0;
        }
        return (after - before) * 1e9 / elapsedNanos;
    }

    /**
     * {@code Committed_AS / CommitLimit}, e.g. 0.42; -1 when either is unknown. Above 1 means
     * more is promised than mode {@code never} would allow.
     */
    public double committedFraction() {
        return fraction(system.committed(), system.commitLimit());
    }

    /** {@code part / whole}; -1 when either is unknown (negative) or {@code whole} is 0. */
    public static double fraction(long part, long whole) {
        return part < 0 || whole <= 0 ? -1 : (double) part / whole;
    }

    /** The overcommit mode as a word ({@code heuristic}, {@code always}, {@code never}, {@code unknown}). */
    public String modeName() {
        return modeName(system.overcommitMode());
    }

    /** {@code vm.overcommit_memory} as the kernel has it; -1 when it cannot be read. */
    public int modeValue() {
        OvercommitMode mode = system.overcommitMode();
        return mode == null ? -1 : mode.value();
    }

    /** The mode as a word; {@code unknown} for {@code null}. */
    public static String modeName(OvercommitMode mode) {
        return mode == null ? "unknown" : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
