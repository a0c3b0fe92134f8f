package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.trace.MethodState;

import java.beans.ConstructorProperties;

/** One traced method's figures as the Tracer MXBean shows them (an open-type row in JConsole/JMC). */
public final class MethodStatistics {
    private final String method;
    private final long calls;
    private final long dumpsPrinted;
    private final long dumpsSuppressed;
    private final long errors;
    private final double meanMillis;
    private final double maxMillis;
    private final long minorFaults;
    private final long majorFaults;
    private final long rssDeltaBytes;
    private final long maxMinorFaultsPerCall;
    private final long maxMajorFaultsPerCall;
    private final long splitCalls;
    private final long runQueueNanos;
    private final long blockedNanos;

    @ConstructorProperties({"method", "calls", "dumpsPrinted", "dumpsSuppressed", "errors", "meanMillis", "maxMillis",
            "minorFaults", "majorFaults", "rssDeltaBytes", "maxMinorFaultsPerCall", "maxMajorFaultsPerCall", "splitCalls",
            "runQueueNanos", "blockedNanos"})
    public MethodStatistics(String method, long calls, long dumpsPrinted, long dumpsSuppressed, long errors,
                            double meanMillis, double maxMillis, long minorFaults, long majorFaults, long rssDeltaBytes,
                            long maxMinorFaultsPerCall, long maxMajorFaultsPerCall, long splitCalls,
                            long runQueueNanos, long blockedNanos) {
        this.splitCalls = splitCalls;
        this.runQueueNanos = runQueueNanos;
        this.blockedNanos = blockedNanos;
        this.maxMinorFaultsPerCall = maxMinorFaultsPerCall;
        this.maxMajorFaultsPerCall = maxMajorFaultsPerCall;
        this.method = method;
        this.calls = calls;
        this.dumpsPrinted = dumpsPrinted;
        this.dumpsSuppressed = dumpsSuppressed;
        this.errors = errors;
        this.meanMillis = meanMillis;
        this.maxMillis = maxMillis;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.rssDeltaBytes = rssDeltaBytes;
    }

    static MethodStatistics of(MethodState.Stats s) {
        return new MethodStatistics(s.method, s.calls, s.dumps, s.suppressed, s.errors, s.meanNanos() / 1e6,
                s.maxNanos / 1e6, s.minorFaults, s.majorFaults, s.rssDelta, s.maxMinorPerCall, s.maxMajorPerCall,
                s.split == null ? 0 : s.split.calls, s.split == null ? 0 : s.split.runQueueNanos,
                s.split == null ? 0 : s.split.blockedNanos);
    }

    /** The method, as {@code Class#method}. */
    public String getMethod() {
        return method;
    }

    public long getCalls() {
        return calls;
    }

    public long getDumpsPrinted() {
        return dumpsPrinted;
    }

    public long getDumpsSuppressed() {
        return dumpsSuppressed;
    }

    public long getErrors() {
        return errors;
    }

    public double getMeanMillis() {
        return meanMillis;
    }

    public double getMaxMillis() {
        return maxMillis;
    }

    public long getMinorFaults() {
        return minorFaults;
    }

    public long getMajorFaults() {
        return majorFaults;
    }

    public long getRssDeltaBytes() {
        return rssDeltaBytes;
    }

    /** The most minor faults one measured call took. */
    public long getMaxMinorFaultsPerCall() {
        return maxMinorFaultsPerCall;
    }

    /** The most major faults one measured call took. */
    public long getMaxMajorFaultsPerCall() {
        return maxMajorFaultsPerCall;
    }

    /** Calls whose wall time was split into CPU, run-queue wait and blocked ({@code sched=true}). */
    public long getSplitCalls() {
        return splitCalls;
    }

    /** Summed run-queue wait of the split calls, in nanoseconds. */
    public long getRunQueueNanos() {
        return runQueueNanos;
    }

    /** Summed blocked time (off the CPU, not runnable) of the split calls, in nanoseconds. */
    public long getBlockedNanos() {
        return blockedNanos;
    }
}
