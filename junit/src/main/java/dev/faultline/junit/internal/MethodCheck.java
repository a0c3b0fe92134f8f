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
        outcome.entry("faultline.method", entry);
        if (exceeded > 0) {
            outcome.detail(tracer.worstCall(method));
        }
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
