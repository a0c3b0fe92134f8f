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
    ThreadCounters counters;
    long rss;
    MethodTraceEvent event;

    void clear() {
        method = null;
        counters = null;
        event = null;
        measured = false;
        rssMeasured = false;
    }
}
