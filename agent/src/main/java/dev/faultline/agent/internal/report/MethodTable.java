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

    /** The columns of the second table: where the measured calls' wall time went ({@code sched=true}). */
    static final List<String> SPLIT_HEADERS = List.of("method", "split calls", "cpu p50", "cpu p99", "runq p50",
            "runq p99", "blocked p50", "blocked p99", "cpu total", "runq total", "blocked total", "throttled calls");

    /** The methods whose split was measured, as rows of {@link #SPLIT_HEADERS}; empty when none. */
    static List<List<String>> splitRows(List<MethodState.Stats> methods) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (MethodState.Stats s : methods) {
            if (s.split != null) {
                rows.add(List.of(s.method, Long.toString(s.split.calls), ms(s.split.p50CpuNanos),
                        ms(s.split.p99CpuNanos), ms(s.split.p50RunQueueNanos), ms(s.split.p99RunQueueNanos),
                        ms(s.split.p50BlockedNanos), ms(s.split.p99BlockedNanos), ms(s.split.cpuNanos),
                        ms(s.split.runQueueNanos), ms(s.split.blockedNanos), Long.toString(s.split.throttledCalls)));
            }
        }
        return rows;
    }

    /** Below the split table. */
    static final String SPLIT_NOTE = "Each measured call's wall time = cpu + runq (runnable, waiting for a CPU:"
            + " schedstat) + blocked (off the CPU, not runnable: sleeping, waiting for a lock or I/O), with sched=true;"
            + " percentiles of each part over the calls, within about 6%; throttled calls: those during which the"
            + " cgroup's CPU quota stopped the process (0 where no quota applies).";

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
