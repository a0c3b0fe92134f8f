package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.agent.internal.trace.TimeSplit;

/**
 * The TracedMethod MXBean over one {@link MethodState}. Each attribute takes its own
 * snapshot of the method's statistics (some µs: the two percentiles walk the histogram), so
 * a scrape reads every figure as it is at that moment.
 */
final class TracedMethodBean implements TracedMethodMXBean {
    private static final double NANOS_PER_SECOND = 1e9;

    private final MethodState method;

    TracedMethodBean(MethodState method) {
        this.method = method;
    }

    private MethodState.Stats stats() {
        return method.stats();
    }

    @Override
    public String getMethod() {
        return method.displayName();
    }

    @Override
    public String getDescriptor() {
        return method.descriptor();
    }

    @Override
    public long getCalls() {
        return stats().calls;
    }

    @Override
    public long getErrors() {
        return stats().errors;
    }

    @Override
    public long getDumpsPrinted() {
        return method.dumpsPrinted();
    }

    @Override
    public long getDumpsSuppressed() {
        return method.dumpsSuppressed();
    }

    @Override
    public long getMeasuredCalls() {
        return stats().measured;
    }

    @Override
    public double getDurationSeconds() {
        return stats().totalNanos / NANOS_PER_SECOND;
    }

    @Override
    public double getP50Seconds() {
        return seconds(stats(), stats -> stats.p50Nanos);
    }

    @Override
    public double getP99Seconds() {
        return seconds(stats(), stats -> stats.p99Nanos);
    }

    @Override
    public double getMaxSeconds() {
        return seconds(stats(), stats -> stats.maxNanos);
    }

    @Override
    public long getMinorFaults() {
        return stats().minorFaults;
    }

    @Override
    public long getMajorFaults() {
        return stats().majorFaults;
    }

    @Override
    public long getMaxMinorFaultsPerCall() {
        return stats().maxMinorPerCall;
    }

    @Override
    public long getMaxMajorFaultsPerCall() {
        return stats().maxMajorPerCall;
    }

    @Override
    public double getCpuSeconds() {
        return stats().cpuNanos / NANOS_PER_SECOND;
    }

    @Override
    public long getRssDeltaBytes() {
        return stats().rssDelta;
    }

    @Override
    public long getRssMeasuredCalls() {
        return stats().rssMeasured;
    }

    @Override
    public long getSplitCalls() {
        TimeSplit.Snapshot split = stats().split;
        return split == null ? 0 : split.calls;
    }

    @Override
    public double getRunQueueSeconds() {
        return splitSeconds(split -> split.runQueueNanos);
    }

    @Override
    public double getBlockedSeconds() {
        return splitSeconds(split -> split.blockedNanos);
    }

    @Override
    public double getP99RunQueueSeconds() {
        return splitSeconds(split -> split.p99RunQueueNanos);
    }

    @Override
    public double getP99BlockedSeconds() {
        return splitSeconds(split -> split.p99BlockedNanos);
    }

    /** A figure of the wall-time split in seconds, {@code NaN} while no call's split was measured ({@code sched=false}). */
    private double splitSeconds(java.util.function.ToLongFunction<TimeSplit.Snapshot> nanos) {
        TimeSplit.Snapshot split = stats().split;
        return split == null ? Double.NaN : nanos.applyAsLong(split) / NANOS_PER_SECOND;
    }

    /**
     * A duration of the measured calls in seconds, {@code NaN} while no measured call has
     * returned (a call still running, a {@code main} that ends in {@code System.exit}): not
     * measured, not 0 s.
     */
    private static double seconds(MethodState.Stats stats, java.util.function.ToLongFunction<MethodState.Stats> nanos) {
        return stats.measured == 0 ? Double.NaN : nanos.applyAsLong(stats) / NANOS_PER_SECOND;
    }
}
