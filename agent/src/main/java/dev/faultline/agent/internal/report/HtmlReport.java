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
        html.append("<h2>Traced methods</h2>\n<table class=\"methods\">\n<thead><tr>");
        for (String header : MethodTable.HEADERS) {
            html.append("<th>").append(Html.escape(header)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (MethodState.Stats s : methods) {
            List<String> cells = MethodTable.cells(s);
            html.append("<tr><td><code>").append(Html.escape(cells.get(0))).append("</code></td>");
            for (String cell : cells.subList(1, cells.size())) {
                html.append("<td class=\"n\">").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        if (methods.isEmpty()) {
            html.append("<tr><td colspan=\"").append(MethodTable.HEADERS.size())
                    .append("\">(no method was traced)</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"note\">").append(Html.escape(ExitReport.FOOTNOTE)).append("</p>\n");
        List<List<String>> split = MethodTable.splitRows(methods);
        if (!split.isEmpty()) {
            html.append("<h2>Where the time went</h2>\n<table class=\"methods\">\n<thead><tr>");
            for (String header : MethodTable.SPLIT_HEADERS) {
                html.append("<th>").append(Html.escape(header)).append("</th>");
            }
            html.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : split) {
                html.append("<tr><td><code>").append(Html.escape(row.get(0))).append("</code></td>");
                for (String cell : row.subList(1, row.size())) {
                    html.append("<td class=\"n\">").append(Html.escape(cell)).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</tbody>\n</table>\n<p class=\"note\">").append(Html.escape(MethodTable.SPLIT_NOTE))
                    .append("</p>\n");
        }
        html.append("<h2>At exit</h2>\n<ul>\n");
        for (String fact : ExitReport.memoryFacts(process, system, null)) {
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
}
