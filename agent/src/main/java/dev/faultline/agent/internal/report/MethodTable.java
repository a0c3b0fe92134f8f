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

    /** The cells of one method's row, as text (the method name unquoted). */
    static List<String> cells(MethodState.Stats s) {
        return List.of(s.method, Long.toString(s.calls), Long.toString(s.dumps), Long.toString(s.suppressed),
                Long.toString(s.errors), ms(s.p50Nanos), ms(s.p99Nanos), ms(s.maxNanos), Long.toString(s.minorFaults),
                Long.toString(s.majorFaults), s.rssMeasured == 0 ? "not measured" : mib(s.rssDelta));
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
