package dev.faultline.junit.internal;

import javax.management.openmbean.CompositeData;

/**
 * One traced method's figures from the Tracer MXBean's {@code Methods} rows, its
 * overloads added up; a per-call maximum is -1 when the agent does not report it.
 */
final class MethodFigures {
    static final MethodFigures NONE = new MethodFigures(0, 0, 0, -1, -1, 0, 0);

    final long calls;
    final long minorFaults;
    final long majorFaults;
    final long maxMinorFaultsPerCall;
    final long maxMajorFaultsPerCall;
    /** Calls whose wall time was split ({@code sched=true}); -1 when the agent does not report splits. */
    final long splitCalls;
    /** Their summed blocked time, in nanoseconds; -1 as {@link #splitCalls}. */
    final long blockedNanos;

    private MethodFigures(long calls, long minorFaults, long majorFaults, long maxMinorFaultsPerCall,
            long maxMajorFaultsPerCall, long splitCalls, long blockedNanos) {
        this.splitCalls = splitCalls;
        this.blockedNanos = blockedNanos;
        this.calls = calls;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.maxMinorFaultsPerCall = maxMinorFaultsPerCall;
        this.maxMajorFaultsPerCall = maxMajorFaultsPerCall;
    }

    static MethodFigures of(CompositeData row) {
        return new MethodFigures(item(row, "calls"), item(row, "minorFaults"), item(row, "majorFaults"),
                item(row, "maxMinorFaultsPerCall"), item(row, "maxMajorFaultsPerCall"), item(row, "splitCalls"),
                item(row, "blockedNanos"));
    }

    /** This and another row of the same name (an overload). */
    MethodFigures plus(MethodFigures other) {
        return new MethodFigures(calls + other.calls, minorFaults + other.minorFaults, majorFaults + other.majorFaults,
                Math.max(maxMinorFaultsPerCall, other.maxMinorFaultsPerCall),
                Math.max(maxMajorFaultsPerCall, other.maxMajorFaultsPerCall), sum(splitCalls, other.splitCalls),
                sum(blockedNanos, other.blockedNanos));
    }

    /** What happened between {@code earlier} and these figures; maxima stay this snapshot's. */
    MethodFigures minus(MethodFigures earlier) {
        return new MethodFigures(calls - earlier.calls, minorFaults - earlier.minorFaults,
                majorFaults - earlier.majorFaults, maxMinorFaultsPerCall, maxMajorFaultsPerCall,
                splitCalls < 0 ? -1 : splitCalls - Math.max(0, earlier.splitCalls),
                blockedNanos < 0 ? -1 : blockedNanos - Math.max(0, earlier.blockedNanos));
    }

    /** Two figures added up; -1 (not reported) wins. */
    private static long sum(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    /** A numeric item of the row, or -1 when this agent's rows do not have it. */
    private static long item(CompositeData row, String key) {
        if (!row.containsKey(key)) {
            return -1;
        }
        Object value = row.get(key);
        return value instanceof Number ? ((Number) value).longValue() : -1;
    }
}
