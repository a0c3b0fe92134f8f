package dev.faultline.agent.internal.trace;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU clock ({@code CLOCK_THREAD_CPUTIME_ID}, through the JVM's
 * {@code ThreadMXBean}): exact to the nanosecond at any moment, where {@code getrusage}'s
 * user and system times move only when the scheduler accounts them (a call shorter than
 * its tick reads as 0). For the wall-time split of {@code sched=true}; a holder class, so
 * that the management classes load only then.
 */
final class ThreadClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = supported();

    private ThreadClock() {
    }

    /** The calling thread's CPU time so far, in nanoseconds; {@code -1} where the JVM cannot tell. */
    static long now() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private static boolean supported() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
