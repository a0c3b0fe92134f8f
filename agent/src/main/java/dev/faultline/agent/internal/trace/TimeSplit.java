package dev.faultline.agent.internal.trace;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where a method's measured calls spent their wall time, part by part (CPU, run-queue
 * wait, blocked), for the calls whose run-queue wait was measured ({@code sched=true}).
 * Made for a method at its first such call: three histograms are about 23 KB, too much
 * for every method of a pattern such as {@code java.util.**#*}.
 */
public final class TimeSplit {
    private final DurationHistogram cpu = new DurationHistogram();
    private final DurationHistogram runQueue = new DurationHistogram();
    private final DurationHistogram blocked = new DurationHistogram();
    private final LongAdder cpuNanos = new LongAdder();
    private final LongAdder runQueueNanos = new LongAdder();
    private final LongAdder blockedNanos = new LongAdder();
    private final LongAdder throttledCalls = new LongAdder();

    void record(long cpuPart, long runQueuePart, long blockedPart, boolean throttled) {
        if (throttled) {
            throttledCalls.increment();
        }
        cpu.record(cpuPart);
        runQueue.record(runQueuePart);
        blocked.record(blockedPart);
        cpuNanos.add(cpuPart);
        runQueueNanos.add(runQueuePart);
        blockedNanos.add(blockedPart);
    }

    Snapshot snapshot() {
        return new Snapshot(cpu.count(), cpuNanos.sum(), runQueueNanos.sum(), blockedNanos.sum(), cpu.quantile(0.5),
                cpu.quantile(0.99), runQueue.quantile(0.5), runQueue.quantile(0.99), blocked.quantile(0.5),
                blocked.quantile(0.99), throttledCalls.sum());
    }

    /** The split at one moment; percentiles within about 6%, as the durations'. */
    public static final class Snapshot {
        /** Calls whose split was measured. */
        public final long calls;
        public final long cpuNanos;
        public final long runQueueNanos;
        public final long blockedNanos;
        public final long p50CpuNanos;
        public final long p99CpuNanos;
        public final long p50RunQueueNanos;
        public final long p99RunQueueNanos;
        public final long p50BlockedNanos;
        public final long p99BlockedNanos;
        /** Split calls during which the cgroup's CPU quota throttled the process (under a quota only). */
        public final long throttledCalls;

        Snapshot(long calls, long cpuNanos, long runQueueNanos, long blockedNanos, long p50CpuNanos, long p99CpuNanos,
                 long p50RunQueueNanos, long p99RunQueueNanos, long p50BlockedNanos, long p99BlockedNanos,
                 long throttledCalls) {
            this.throttledCalls = throttledCalls;
            this.calls = calls;
            this.cpuNanos = cpuNanos;
            this.runQueueNanos = runQueueNanos;
            this.blockedNanos = blockedNanos;
            this.p50CpuNanos = p50CpuNanos;
            this.p99CpuNanos = p99CpuNanos;
            this.p50RunQueueNanos = p50RunQueueNanos;
            this.p99RunQueueNanos = p99RunQueueNanos;
            this.p50BlockedNanos = p50BlockedNanos;
            this.p99BlockedNanos = p99BlockedNanos;
        }
    }
}
