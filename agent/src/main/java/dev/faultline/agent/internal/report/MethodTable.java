package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.trace.MethodState;

import java.util.List;
import java.util.Locale;

/** The per-method table of the exit report: its columns and one row's cells, the same in every format. */
final class MethodTable {
    static final List<String> HEADERS = List.of("method", "calls", "dumps", "suppressed", "errors", "p50", "p99",
            "max", "minor faults", "major faults", "RSS change");

    private MethodTable() {
    }

    /** What a duration cell says when no call was measured (see {@link ExitReport#FOOTNOTE}). */
    static final String NOT_MEASURED = "not measured";

    /** The cells of one method's row, as text (the method name unquoted). */
    static List<String> cells(MethodState.Stats s) {
        return List.of(s.method, Long.toString(s.calls), Long.toString(s.dumps), Long.toString(s.suppressed),
                Long.toString(s.errors), duration(s, s.p50Nanos), duration(s, s.p99Nanos), duration(s, s.maxNanos),
                Long.toString(s.minorFaults), Long.toString(s.majorFaults),
                s.rssMeasured == 0 ? NOT_MEASURED : mib(s.rssDelta));
    }

    /**
     * A duration of the method's measured calls; none when no followed call returned (a
     * {@code main} that ends in {@code System.exit}, a call still running at exit): a call
     * that never returned took no 0 ms.
     */
    static String duration(MethodState.Stats s, long nanos) {
        return s.measured == 0 ? NOT_MEASURED : ms(nanos);
    }

    /**
     * Sentences about the methods' calls that the table's figures leave out or count
     * differently (a stack overflow), one per method that has any; in every format.
     */
    static List<String> notes(List<MethodState.Stats> methods) {
        List<String> notes = new java.util.ArrayList<>();
        for (MethodState.Stats s : methods) {
            if (s.overflowEnded > 0) {
                notes.add(s.method + ": " + s.overflowEnded + (s.overflowEnded == 1 ? " call" : " calls")
                        + " ended by a StackOverflowError, counted in calls, errors and durations without a dump,"
                        + " faults or a JFR event (the stack was spent: taking them would overflow it again)");
            }
            if (s.unfollowed > 0) {
                notes.add(s.method + ": " + s.unfollowed + (s.unfollowed == 1 ? " call" : " calls")
                        + " counted in calls but not measured: a StackOverflowError was raised inside faultline's"
                        + " own work on them (the application's error went on as it was)");
            }
        }
        return notes;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
