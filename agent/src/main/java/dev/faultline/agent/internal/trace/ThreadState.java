package dev.faultline.agent.internal.trace;

/**
 * A thread's traced calls in progress (a stack, for recursion) and its re-entry guard: a
 * traced method called from inside tracing (a logger, a JFR commit) is not traced again.
 */
final class ThreadState {
    /** How deep this thread is in the agent's own work (tracing, class transformation); above 0 nothing is traced. */
    int busy;
    /** Whether this thread is inside a class transformation (see {@code Tracer.beginTransform}). */
    boolean transforming;
    int depth;
    CallRecord[] stack = new CallRecord[16];
    /** Where a call's counters at exit are read into (reused: the exit path allocates nothing). */
    final long[] exitCounters = new long[dev.faultline.nativebridge.ThreadCounters.SLOTS];
    /**
     * The tracer's own work on this thread inside followed calls (entry and exit work of the
     * nested calls: dumps, symbol loading, events), summed since the thread began: an outer
     * call's figures are its deltas less what this grew by meanwhile.
     */
    long ownNanos;
    /** {@link #ownNanos} in the counters' slots ({@code ThreadCounters}): faults, CPU time, switches. */
    final long[] ownCounters = new long[dev.faultline.nativebridge.ThreadCounters.SLOTS];
    /** The cgroup's CPU-quota counters at a call's exit (reused). */
    final long[] throttleEnd = new long[dev.faultline.nativebridge.CpuThrottling.SLOTS];
    /** Counters read at the start of a nested call's tracer work. */
    final long[] ownStart = new long[dev.faultline.nativebridge.ThreadCounters.SLOTS];

    /** Pushes a record; returns it. The token for it is the new depth. */
    CallRecord push() {
        if (depth == stack.length) {
            CallRecord[] grown = new CallRecord[stack.length * 2];
            System.arraycopy(stack, 0, grown, 0, stack.length);
            stack = grown;
        }
        CallRecord record = stack[depth];
        if (record == null) {
            record = new CallRecord();
            stack[depth] = record;
        }
        depth++;
        return record;
    }
}
