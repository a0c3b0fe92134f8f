package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.ContainerWatch;
import dev.faultline.agent.internal.memory.Timeline;
import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary written at JVM exit ({@code report=PATH}): per traced method its calls,
 * dumps, p50/p99 duration, faults and RSS change; the process's peak RSS, the memory
 * monitor's view of the run, the overcommit mode, and the container (the limit that binds,
 * the run's lowest headroom, OOM kills, {@code oom-warn} warnings). {@code .md} gives Markdown (fits a
 * CI job summary), {@code .json} JSON, {@code .html} a self-contained page with a
 * timeline plot ({@link HtmlReport}).
 */
public final class ExitReport {
    private ExitReport() {
    }

    /**
     * Writes the report for these methods and unmatched patterns, with the memory monitor's
     * timeline and container watch ({@code null} when the monitor did not run).
     */
    public static void write(Path path, List<MethodState.Stats> methods, List<String> unmatched, Timeline timeline,
                             ContainerWatch container) throws IOException {
        ProcessMemory process = ProcessMemory.now();
        SystemMemory system = SystemMemory.now();
        ContainerMemory atExit = ContainerMemory.now();
        Timeline.Points points = timeline == null ? null : timeline.points();
        String name = path.toString().toLowerCase(Locale.ROOT);
        List<String> containerFacts = ContainerFacts.sentences(atExit, container);
        String text = name.endsWith(".json") ? json(methods, unmatched, process, system,
                        ContainerFacts.json(atExit, container))
                : name.endsWith(".html") ? HtmlReport.page(methods, unmatched, process, system, points, containerFacts)
                : markdown(methods, unmatched, process, system, points, containerFacts);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    static String markdown(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                           SystemMemory system, Timeline.Points points) {
        return markdown(methods, unmatched, process, system, points, List.of());
    }

    static String markdown(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                           SystemMemory system, Timeline.Points points, List<String> containerFacts) {
        StringBuilder md = new StringBuilder("# faultline report\n\n");
        md.append("| ").append(String.join(" | ", MethodTable.HEADERS)).append(" |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MethodState.Stats s : methods) {
            List<String> cells = MethodTable.cells(s);
            md.append("| `").append(cells.get(0)).append("` | ")
                    .append(String.join(" | ", cells.subList(1, cells.size()))).append(" |\n");
        }
        if (methods.isEmpty()) {
            md.append("| (no method was traced) | | | | | | | | | | |\n");
        }
        md.append("\n");
        List<List<String>> split = MethodTable.splitRows(methods);
        if (!split.isEmpty()) {
            md.append("| ").append(String.join(" | ", MethodTable.SPLIT_HEADERS)).append(" |\n|---");
            md.append("|---:".repeat(MethodTable.SPLIT_HEADERS.size() - 1)).append("|\n");
            for (List<String> row : split) {
                md.append("| `").append(row.get(0)).append("` | ").append(String.join(" | ", row.subList(1, row.size())))
                        .append(" |\n");
            }
            md.append("\n").append(MethodTable.SPLIT_NOTE.replace("sched=true", "`sched=true`")).append("\n\n");
        }
        for (String fact : memoryFacts(process, system, points)) {
            md.append("- ").append(fact).append('\n');
        }
        for (String fact : containerFacts) {
            md.append("- ").append(fact).append('\n');
        }
        for (String note : MethodTable.notes(methods)) {
            md.append("- ").append(note).append('\n');
        }
        for (String pattern : unmatched) {
            md.append("- pattern `").append(pattern).append("` matched no method\n");
        }
        md.append("\n").append(FOOTNOTE.replace("every=N", "`every=N`")).append('\n');
        return md.toString();
    }

    /** What the columns mean, below the table. */
    static final String FOOTNOTE = "Durations are of measured calls (every N-th with every=N) that returned; p50/p99"
            + " within about 6%; not measured: no such call returned before exit (a main that ends in System.exit, a"
            + " call still running). A call's figures include the calls it makes, traced ones too, less faultline's"
            + " own work on those (their dumps, counters, events): a recursive or nested method's sums are inclusive,"
            + " counting an inner call again in each traced call around it."
            + " RSS change is measured where it is shown: with dump=exit or dump=error, or while JFR records;"
            + " it is the process's, so it includes other threads' and faultline's own allocations.";

    /** The process's and the system's memory at exit and over the run, one plain sentence each. */
    static List<String> memoryFacts(ProcessMemory process, SystemMemory system, Timeline.Points points) {
        List<String> facts = new ArrayList<>();
        if (process.available()) {
            facts.add("peak RSS: " + mib(process.peakRss()) + ", RSS at exit: " + mib(process.rss()) + ", VmSize: "
                    + mib(process.size()));
        } else {
            facts.add("process memory: unavailable (no /proc)");
        }
        if (points != null && points.size() > 1) {
            facts.add(RunSummary.of(points).sentence());
        }
        if (system.available() && system.overcommitMode() != null) {
            facts.add("overcommit mode: " + system.overcommitMode().name().toLowerCase(Locale.ROOT) + " ("
                    + system.overcommitMode().meaning() + "); Committed_AS " + mib(system.committed())
                    + " of CommitLimit " + mib(system.commitLimit()));
        }
        return facts;
    }

    static String json(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                       SystemMemory system) {
        return json(methods, unmatched, process, system, null);
    }

    /** With the container's JSON object ({@code null}: none). */
    static String json(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                       SystemMemory system, String container) {
        StringBuilder js = new StringBuilder("{\n  \"methods\": [");
        for (int i = 0; i < methods.size(); i++) {
            MethodState.Stats s = methods.get(i);
            js.append(i == 0 ? "\n" : ",\n").append("    {\"method\": ").append(quote(s.method))
                    .append(", \"descriptor\": ").append(quote(s.descriptor))
                    .append(", \"calls\": ").append(s.calls).append(", \"measuredCalls\": ").append(s.measured)
                    .append(", \"dumps\": ").append(s.dumps).append(", \"suppressed\": ").append(s.suppressed)
                    .append(", \"errors\": ").append(s.errors).append(", \"p50Nanos\": ").append(nanos(s, s.p50Nanos))
                    .append(", \"p99Nanos\": ").append(nanos(s, s.p99Nanos)).append(", \"maxNanos\": ")
                    .append(nanos(s, s.maxNanos))
                    .append(", \"minorFaults\": ").append(s.minorFaults).append(", \"majorFaults\": ")
                    .append(s.majorFaults).append(", \"rssDeltaBytes\": ").append(s.rssDelta)
                    .append(", \"rssMeasuredCalls\": ").append(s.rssMeasured)
                    .append(", \"cpuNanos\": ").append(s.cpuNanos)
                    .append(", \"overflowEndedCalls\": ").append(s.overflowEnded)
                    .append(", \"unfollowedCalls\": ").append(s.unfollowed)
                    .append(", \"split\": ").append(split(s.split)).append('}');
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
        if (container != null) {
            js.append("  \"container\": ").append(container).append(",\n");
        }
        js.append("  \"unmatchedPatterns\": [");
        for (int i = 0; i < unmatched.size(); i++) {
            js.append(i == 0 ? "" : ", ").append(quote(unmatched.get(i)));
        }
        return js.append("]\n}\n").toString();
    }

    /** A method's wall-time split for JSON, {@code null} when not measured ({@code sched=false}). */
    private static String split(dev.faultline.agent.internal.trace.TimeSplit.Snapshot split) {
        if (split == null) {
            return "null";
        }
        return "{\"calls\": " + split.calls + ", \"cpuNanos\": " + split.cpuNanos + ", \"runQueueNanos\": "
                + split.runQueueNanos + ", \"blockedNanos\": " + split.blockedNanos + ", \"p50CpuNanos\": "
                + split.p50CpuNanos + ", \"p99CpuNanos\": " + split.p99CpuNanos + ", \"p50RunQueueNanos\": "
                + split.p50RunQueueNanos + ", \"p99RunQueueNanos\": " + split.p99RunQueueNanos
                + ", \"p50BlockedNanos\": " + split.p50BlockedNanos + ", \"p99BlockedNanos\": " + split.p99BlockedNanos
                + ", \"throttledCalls\": " + split.throttledCalls + "}";
    }

    /** A duration for JSON: {@code null} when no call was measured (see {@link MethodTable#duration}). */
    private static String nanos(MethodState.Stats s, long nanos) {
        return s.measured == 0 ? "null" : Long.toString(nanos);
    }

    /** A JSON string, or {@code null}. */
    static String quoteOrNull(String s) {
        return s == null ? "null" : quote(s);
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

    private static String mib(long bytes) {
        return MethodTable.mib(bytes);
    }
}
