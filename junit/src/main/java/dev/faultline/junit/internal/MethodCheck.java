package dev.faultline.junit.internal;

import java.util.ArrayList;
import java.util.List;

/** Checks method budgets against the Tracer MXBean's figures, with the worst call of each method over budget. */
final class MethodCheck {
    /** How many traced methods a "not traced" message lists. */
    private static final int LISTED = 8;

    private MethodCheck() {
    }

    static void check(MethodLimits limits, TracerView tracer, TracerView.Snapshot before, TracerView.Snapshot after,
            Outcome outcome) {
        String method = limits.method;
        if (!after.available()) {
            outcome.methodUnchecked("for " + method, after.problem + "; run the tests with -javaagent:"
                    + "faultline-agent.jar=trace=" + method + " (in surefire's argLine), or set requireAgent = false"
                    + " to skip this budget without the agent", limits.requireAgent);
            return;
        }
        MethodFigures now = after.get(method);
        if (now == null) {
            outcome.methodUnchecked("for " + method, method + " is not traced: the " + TracerView.NAME
                    + " MXBean has no such method (its class is not loaded yet, or neither a trace= pattern nor"
                    + " @Trace selects it); traced: " + list(after), true);
            return;
        }
        MethodFigures earlier = before.get(method);
        MethodFigures delta = now.minus(earlier == null ? MethodFigures.NONE : earlier);
        String during = "(" + MemoryCheck.calls(delta.calls) + " during the test, all threads)";
        int exceeded = 0;
        exceeded += over(outcome, method + " minorFaults", delta.minorFaults, limits.minorFaults, during);
        exceeded += over(outcome, method + " majorFaults", delta.majorFaults, limits.majorFaults, during);
        String entry = method + " calls=" + delta.calls + " minorFaults=" + delta.minorFaults
                + " majorFaults=" + delta.majorFaults;
        if (limits.limitsPerCall()) {
            if (now.maxMinorFaultsPerCall < 0 || now.maxMajorFaultsPerCall < 0) {
                outcome.methodUnchecked("for " + method, "this agent version does not report per-call maxima"
                        + " (no maxMinorFaultsPerCall/maxMajorFaultsPerCall in the " + TracerView.NAME + " rows)",
                        limits.requireAgent);
            } else {
                String sofar = "(the worst of " + MemoryCheck.calls(now.calls) + " so far in this JVM)";
                exceeded += over(outcome, method + " minorFaultsPerCall", now.maxMinorFaultsPerCall,
                        limits.minorFaultsPerCall, sofar);
                exceeded += over(outcome, method + " majorFaultsPerCall", now.maxMajorFaultsPerCall,
                        limits.majorFaultsPerCall, sofar);
                entry += " maxMinorFaultsPerCall=" + now.maxMinorFaultsPerCall
                        + " maxMajorFaultsPerCall=" + now.maxMajorFaultsPerCall;
            }
        }
        if (limits.blockedMillis >= 0) {
            exceeded += blocked(outcome, limits, delta, during);
            if (delta.splitCalls > 0) {
                entry += " blockedMillis=" + millis(delta.blockedNanos);
            }
        }
        outcome.entry("faultline.method", entry);
        if (exceeded > 0) {
            outcome.detail(tracer.worstCall(method));
        }
    }

    /** The blocked-time budget: checked only where the agent split the calls' wall time ({@code sched=true}). */
    private static int blocked(Outcome outcome, MethodLimits limits, MethodFigures delta, String during) {
        String method = limits.method;
        if (delta.splitCalls < 0) {
            outcome.methodUnchecked("for " + method, "this agent version does not split calls' wall time (no"
                    + " splitCalls/blockedNanos in the " + TracerView.NAME + " rows)", limits.requireAgent);
            return 0;
        }
        if (delta.calls > 0 && delta.splitCalls == 0) {
            outcome.methodUnchecked("for " + method, "blockedMillis needs the calls' wall time split: run the agent"
                    + " with sched=true (-javaagent:faultline-agent.jar=...,sched=true)", true);
            return 0;
        }
        if (delta.blockedNanos <= limits.blockedMillis * 1_000_000L) {
            return 0;
        }
        String split = delta.splitCalls == delta.calls ? "" : ", " + delta.splitCalls + " of them split";
        outcome.methodExceeded(method + " blockedMillis " + millis(delta.blockedNanos) + " > " + limits.blockedMillis
                + " " + during.substring(0, during.length() - 1) + split + ")");
        return 1;
    }

    /** Nanoseconds as milliseconds with three decimals. */
    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static int over(Outcome outcome, String what, long value, long limit, String context) {
        if (limit < 0 || value <= limit) {
            return 0;
        }
        outcome.methodExceeded(what + " " + value + " > " + limit + " " + context);
        return 1;
    }

    private static String list(TracerView.Snapshot snapshot) {
        List<String> names = new ArrayList<>(snapshot.all().keySet());
        if (names.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }
}
