package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.Timeline;
import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

import java.time.Instant;
import java.util.List;

/**
 * The exit report as one self-contained HTML page ({@code report=PATH.html}): the memory
 * timeline as inline SVG drawn here, the per-method table of the Markdown report, and the
 * memory facts at exit. No script, no stylesheet or font from elsewhere: it opens offline,
 * and as a CI artifact. Every string that comes from the run is escaped.
 */
final class HtmlReport {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:960px}"
            + "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}"
            + "table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
            + "code{font-family:ui-monospace,monospace}.note{color:#555;font-size:.9em}"
            + "svg .frame{fill:#fafafa;stroke:#bbb}svg .grid{stroke:#e4e4e4}"
            + "svg .label{font-size:11px;fill:#555}svg .title{font-size:12px;fill:#222;font-weight:600}";

    private HtmlReport() {
    }

    /** The page. {@code points} is {@code null} (or a single point) when the monitor did not run long enough to plot. */
    static String page(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                       SystemMemory system, Timeline.Points points) {
        return page(methods, unmatched, process, system, points, List.of());
    }

    /** The page, with the container's sentences at the end ({@link ContainerFacts}). */
    static String page(List<MethodState.Stats> methods, List<String> unmatched, ProcessMemory process,
                       SystemMemory system, Timeline.Points points, List<String> containerFacts) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>faultline report</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>faultline report</h1>\n<p class=\"note\">Written at JVM exit, ")
                .append(Html.escape(Instant.now().toString())).append(".</p>\n");
        html.append("<h2>Memory over the run</h2>\n");
        if (points != null && points.size() > 1) {
            html.append("<p>").append(Html.escape(RunSummary.of(points).sentence())).append(".</p>\n");
            double[] seconds = new double[points.size()];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = points.seconds(i);
            }
            html.append(TimelineSvg.draw(TimelineSvg.series(points), seconds));
            html.append("<p class=\"note\">Sampled by the memory monitor every period; over a long run neighbouring"
                    + " samples are merged (now ").append(points.stride).append(" a point), keeping the highest RSS,"
                    + " VmSize and Committed_AS of each, and fault rates as averages over the point.</p>\n");
        } else {
            html.append("<p>No timeline: the memory monitor did not run long enough for two samples.</p>\n");
        }
        List<List<String>> rows = new java.util.ArrayList<>();
        for (MethodState.Stats s : methods) {
            rows.add(MethodTable.cells(s));
        }
        table(html, "Traced methods", MethodTable.HEADERS, rows, "(no method was traced)", ExitReport.FOOTNOTE);
        List<List<String>> split = MethodTable.splitRows(methods);
        if (!split.isEmpty()) {
            table(html, "Where the time went", MethodTable.SPLIT_HEADERS, split, null, MethodTable.SPLIT_NOTE);
        }
        html.append("<h2>At exit</h2>\n<ul>\n");
        for (String fact : ExitReport.memoryFacts(process, system, null)) {
            html.append("<li>").append(Html.escape(fact)).append("</li>\n");
        }
        for (String fact : containerFacts) {
            html.append("<li>").append(Html.escape(fact)).append("</li>\n");
        }
        for (String note : MethodTable.notes(methods)) {
            html.append("<li>").append(Html.escape(note)).append("</li>\n");
        }
        for (String pattern : unmatched) {
            html.append("<li>pattern <code>").append(Html.escape(pattern)).append("</code> matched no method</li>\n");
        }
        return html.append("</ul>\n</body>\n</html>\n").toString();
    }

    /**
     * A table of method rows (the first cell a method's name, the others figures) under its
     * heading, with a note below it; {@code empty} is the row shown when there are none.
     */
    private static void table(StringBuilder html, String heading, List<String> headers, List<List<String>> rows,
                              String empty, String note) {
        html.append("<h2>").append(heading).append("</h2>\n<table class=\"methods\">\n<thead><tr>");
        for (String header : headers) {
            html.append("<th>").append(Html.escape(header)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> cells : rows) {
            html.append("<tr><td><code>").append(Html.escape(cells.get(0))).append("</code></td>");
            for (String cell : cells.subList(1, cells.size())) {
                html.append("<td class=\"n\">").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        if (rows.isEmpty() && empty != null) {
            html.append("<tr><td colspan=\"").append(headers.size()).append("\">").append(empty)
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
    }
}
