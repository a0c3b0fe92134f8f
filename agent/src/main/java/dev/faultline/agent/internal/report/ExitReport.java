package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The summary written at JVM exit ({@code report=PATH}): per traced method its calls,
 * dumps, p50/p99 duration, faults and RSS change; the process's peak RSS and the
 * overcommit mode. {@code .md} gives Markdown (fits a CI job summary), {@code .json} JSON.
 */
public final class ExitReport {
    private ExitReport() {
    }

    /** Writes the report for these methods and unmatched patterns. */
    public static void write(Path path, List<MethodState.Stats> methods, List<String> unmatched) throws IOException {
        ProcessMemory process = ProcessMemory.now();
        SystemMemory system = SystemMemory.now();
        String text = path.toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? json(methods, unmatched, process, system) : markdown(methods, unmatched, process, system);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    static String markdown(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                           SystemMemory system) {
        StringBuilder md = new StringBuilder("# faultline report\n\n");
        md.append("| method | calls | dumps | suppressed | errors | p50 | p99 | max | minor faults | major faults | RSS change |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MethodState.Stats s : methods) {
            md.append("| `").append(s.method).append("` | ").append(s.calls).append(" | ").append(s.dumps)
                    .append(" | ").append(s.suppressed).append(" | ").append(s.errors).append(" | ")
                    .append(ms(s.p50Nanos)).append(" | ").append(ms(s.p99Nanos)).append(" | ").append(ms(s.maxNanos))
                    .append(" | ").append(s.minorFaults).append(" | ").append(s.majorFaults).append(" | ")
                    .append(s.rssMeasured == 0 ? "not measured" : mib(s.rssDelta)).append(" |\n");
        }
        if (methods.isEmpty()) {
            md.append("| (no method was traced) | | | | | | | | | | |\n");
        }
        md.append("\n");
        if (process.available()) {
            md.append("- peak RSS: ").append(mib(process.peakRss())).append(", RSS at exit: ")
                    .append(mib(process.rss())).append(", VmSize: ").append(mib(process.size())).append('\n');
        } else {
            md.append("- process memory: unavailable (no /proc)\n");
        }
        if (system.available() && system.overcommitMode() != null) {
            md.append("- overcommit mode: ").append(system.overcommitMode().name().toLowerCase(Locale.ROOT))
                    .append(" (").append(system.overcommitMode().meaning()).append("); Committed_AS ")
                    .append(mib(system.committed())).append(" of CommitLimit ").append(mib(system.commitLimit()))
                    .append('\n');
        }
        for (String pattern : unmatched) {
            md.append("- pattern `").append(pattern).append("` matched no method\n");
        }
        md.append("\nDurations are of measured calls (every N-th with `every=N`); p50/p99 within about 6%.");
        md.append(" RSS change is measured where it is shown: with dump=exit or dump=error, or while JFR records.\n");
        return md.toString();
    }

    static String json(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                       SystemMemory system) {
        StringBuilder js = new StringBuilder("{\n  \"methods\": [");
        for (int i = 0; i < methods.size(); i++) {
            MethodState.Stats s = methods.get(i);
            js.append(i == 0 ? "\n" : ",\n").append("    {\"method\": ").append(quote(s.method))
                    .append(", \"descriptor\": ").append(quote(s.descriptor))
                    .append(", \"calls\": ").append(s.calls).append(", \"measuredCalls\": ").append(s.measured)
                    .append(", \"dumps\": ").append(s.dumps).append(", \"suppressed\": ").append(s.suppressed)
                    .append(", \"errors\": ").append(s.errors).append(", \"p50Nanos\": ").append(s.p50Nanos)
                    .append(", \"p99Nanos\": ").append(s.p99Nanos).append(", \"maxNanos\": ").append(s.maxNanos)
                    .append(", \"minorFaults\": ").append(s.minorFaults).append(", \"majorFaults\": ")
                    .append(s.majorFaults).append(", \"rssDeltaBytes\": ").append(s.rssDelta)
                    .append(", \"rssMeasuredCalls\": ").append(s.rssMeasured)
                    .append(", \"cpuNanos\": ").append(s.cpuNanos).append('}');
        }
        js.append(methods.isEmpty() ? "],\n" : "\n  ],\n");
        js.append("  \"process\": {\"available\": ").append(process.available()).append(", \"peakRssBytes\": ")
                .append(process.peakRss()).append(", \"rssBytes\": ").append(process.rss())
                .append(", \"vmSizeBytes\": ").append(process.size()).append("},\n");
        js.append("  \"system\": {\"available\": ").append(system.available()).append(", \"overcommitMode\": ")
                .append(system.overcommitMode() == null ? "null"
                        : quote(system.overcommitMode().name().toLowerCase(Locale.ROOT)))
                .append(", \"committedBytes\": ").append(system.committed()).append(", \"commitLimitBytes\": ")
                .append(system.commitLimit()).append("},\n");
        js.append("  \"unmatchedPatterns\": [");
        for (int i = 0; i < unmatched.size(); i++) {
            js.append(i == 0 ? "" : ", ").append(quote(unmatched.get(i)));
        }
        return js.append("]\n}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
