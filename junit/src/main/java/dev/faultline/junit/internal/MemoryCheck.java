package dev.faultline.junit.internal;

import java.util.Map;

import dev.faultline.junit.Scope;

/**
 * Checks a memory budget against what the test body cost and the headroom left, and names
 * the traced method that faulted most.
 */
final class MemoryCheck {
    private MemoryCheck() {
    }

    static void check(MemoryLimits limits, MemorySample before, MemorySample after, TracerView tracer,
            TracerView.Snapshot tracerBefore, TracerView.Snapshot tracerAfter, Outcome outcome) {
        StringBuilder figures = new StringBuilder();
        String faultsExceeded = null;
        if (limits.limitsFaults()) {
            if (!before.faultsAvailable || !after.faultsAvailable) {
                outcome.memoryUnmeasurable(MemorySample.faultsProblem(limits.scope));
            } else {
                String whose = limits.scope == Scope.THREAD ? "test thread" : "process, all threads";
                long minor = after.minorFaults - before.minorFaults;
                long major = after.majorFaults - before.majorFaults;
                figures.append("minorFaults=").append(minor).append(" majorFaults=").append(major)
                        .append(" (").append(whose).append(')');
                if (limits.minorFaults >= 0 && minor > limits.minorFaults) {
                    outcome.memoryExceeded("minorFaults " + minor + " > " + limits.minorFaults + " (" + whose + ")");
                    faultsExceeded = "minor";
                }
                if (limits.majorFaults >= 0 && major > limits.majorFaults) {
                    outcome.memoryExceeded("majorFaults " + major + " > " + limits.majorFaults + " (" + whose + ")");
                    faultsExceeded = "major";
                }
            }
        }
        if (limits.limitsRss()) {
            if (before.rss < 0 || after.rss < 0) {
                outcome.memoryUnmeasurable(MemorySample.rssProblem());
            } else {
                long growth = after.rss - before.rss;
                figures.append(figures.length() == 0 ? "" : " ").append("rssGrowth=").append(ByteSize.format(growth));
                if (growth > limits.rssGrowth) {
                    outcome.memoryExceeded("rssGrowth " + ByteSize.format(growth) + " > "
                            + ByteSize.format(limits.rssGrowth) + " (process RSS)");
                }
            }
        }
        if (limits.limitsHeadroom()) {
            String headroom = HeadroomCheck.check(limits.minHeadroom, before.headroom, after.headroom, outcome);
            if (!headroom.isEmpty()) {
                figures.append(figures.length() == 0 ? "" : " ").append(headroom);
            }
        }
        if (figures.length() > 0) {
            outcome.entry("faultline.memory", figures.toString());
        }
        if (faultsExceeded != null) {
            outcome.detail(culprit(faultsExceeded, tracer, tracerBefore, tracerAfter));
        }
    }

    /** The traced method with the most faults of {@code kind} during the test, with its worst call. */
    private static String culprit(String kind, TracerView tracer, TracerView.Snapshot before,
            TracerView.Snapshot after) {
        if (!after.available()) {
            return "no backtrace: " + after.problem + "; attach it with trace= patterns for the code under test"
                    + " to see the worst call";
        }
        String worst = null;
        MethodFigures worstDelta = null;
        for (Map.Entry<String, MethodFigures> e : after.all().entrySet()) {
            MethodFigures earlier = before.get(e.getKey());
            MethodFigures delta = e.getValue().minus(earlier == null ? MethodFigures.NONE : earlier);
            if (faults(delta, kind) > 0 && (worstDelta == null || faults(delta, kind) > faults(worstDelta, kind))) {
                worst = e.getKey();
                worstDelta = delta;
            }
        }
        if (worst == null) {
            return "no traced method had " + kind + " faults during the test (traced: " + methods(after.all().size())
                    + ")";
        }
        return "traced method with the most " + kind + " faults during the test: " + worst + ", "
                + faults(worstDelta, kind) + " in " + calls(worstDelta.calls) + " (all threads)\n"
                + tracer.worstCall(worst);
    }

    private static long faults(MethodFigures figures, String kind) {
        return kind.equals("major") ? figures.majorFaults : figures.minorFaults;
    }

    static String calls(long n) {
        return n == 1 ? "1 call" : n + " calls";
    }

    static String methods(long n) {
        return n == 1 ? "1 method" : n + " methods";
    }
}
