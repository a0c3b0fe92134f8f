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

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
