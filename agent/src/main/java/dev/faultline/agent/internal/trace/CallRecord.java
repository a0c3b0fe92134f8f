package dev.faultline.agent.internal.trace;

import dev.faultline.agent.internal.jfr.MethodTraceEvent;
import dev.faultline.nativebridge.ThreadCounters;

/** What a traced call recorded on entry, kept in its thread's {@link ThreadState} until exit. Reused. */
final class CallRecord {
    MethodState method;
    long startNanos;
    boolean measured;
    /** Whether RSS was read on entry (only where the exit dump or a JFR event shows its delta). */
    boolean rssMeasured;
    /** The thread's counters on entry ({@link ThreadCounters#quickInto} slots), when {@link #measured}. */
    final long[] counters = new long[ThreadCounters.SLOTS];
    /** Where they were read: {@link ThreadCounters#READ_GETRUSAGE}, {@code READ_PROCFS} or {@code READ_NOTHING}. */
    int countersRead;
    long rss;
    /** The thread's run-queue wait on entry ({@code sched=true}), or {@code -1}: not measured. */
    long runQueueStart = -1;
    /** The thread's CPU clock on entry ({@code sched=true}), or {@code -1}. */
    long cpuClockStart = -1;
    /** The cgroup's CPU-quota counters on entry ({@code sched=true} under a quota), when {@link #throttleRead}. */
    final long[] throttleStart = new long[dev.faultline.nativebridge.CpuThrottling.SLOTS];
    boolean throttleRead;
    /** The thread's {@link ThreadState#ownNanos} and {@code ownCounters} when this call's own figures began. */
    long ownNanosAtStart;
    final long[] ownCountersAtStart = new long[ThreadCounters.SLOTS];
    MethodTraceEvent event;

    void clear() {
        method = null;
        event = null;
        measured = false;
        rssMeasured = false;
        runQueueStart = -1;
        cpuClockStart = -1;
        throttleRead = false;
    }
}
