package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.agent.internal.memory.Timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's memory timeline drawn as one inline SVG: a panel per series (RSS, VmSize,
 * Committed_AS, minor and major faults per second) over the same time axis, each from 0
 * to its own largest value, so that a flat line means "did not change" and not "small
 * next to another series". Each series is a {@code <polyline>} whose {@code id} names it.
 */
final class TimelineSvg {
    static final int WIDTH = 880;
    static final int LEFT = 96;
    static final int RIGHT = 16;
    static final int PANEL_HEIGHT = 120;
    /** Room above a plot for its title, and below it for the time labels. */
    static final int TITLE = 22;
    static final int AXIS = 20;
    static final int PLOT_HEIGHT = PANEL_HEIGHT - TITLE - AXIS;

    /** One plotted series. */
    static final class Series {
        final String id;
        final String title;
        final String color;
        final double[] values;
        final boolean bytes;

        Series(String id, String title, String color, double[] values, boolean bytes) {
            this.id = id;
            this.title = title;
            this.color = color;
            this.values = values;
            this.bytes = bytes;
        }
    }

    private TimelineSvg() {
    }

    /** The series of a timeline: Committed_AS only when it was known. */
    static List<Series> series(Timeline.Points p) {
        List<Series> list = new ArrayList<>();
        list.add(new Series("rss", "RSS", "#1f77b4", doubles(p.rss), true));
        list.add(new Series("vmsize", "VmSize", "#ff7f0e", doubles(p.vmSize), true));
        if (RunSummary.max(p.committed) >= 0) {
            list.add(new Series("committed", "Committed_AS (whole system)", "#2ca02c", doubles(p.committed), true));
        }
        list.add(new Series("minor-faults", "minor faults per second", "#9467bd", p.ratePerSecond(p.minorFaults), false));
        list.add(new Series("major-faults", "major faults per second", "#d62728", p.ratePerSecond(p.majorFaults), false));
        return list;
    }

    /** The SVG element for these series over these times (seconds from the start, ascending). */
    static String draw(List<Series> series, double[] seconds) {
        int height = PANEL_HEIGHT * series.size();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"memory over the run\">\n");
        double end = seconds.length == 0 ? 0 : seconds[seconds.length - 1];
        for (int i = 0; i < series.size(); i++) {
            panel(svg, series.get(i), seconds, end, i * PANEL_HEIGHT);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Series s, double[] seconds, double end, int y0) {
        int top = y0 + TITLE;
        int bottom = top + PLOT_HEIGHT;
        int right = WIDTH - RIGHT;
        double max = 0;
        for (double v : s.values) {
            max = Math.max(max, v);
        }
        svg.append("<g class=\"panel\" id=\"panel-").append(s.id).append("\">\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(top - 7).append("\" class=\"title\">")
                .append(Html.escape(s.title)).append("</text>\n");
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(right - LEFT)
                .append("\" height=\"").append(PLOT_HEIGHT).append("\" class=\"frame\"/>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(top + PLOT_HEIGHT / 2).append("\" x2=\"")
                .append(right).append("\" y2=\"").append(top + PLOT_HEIGHT / 2).append("\" class=\"grid\"/>\n");
        label(svg, LEFT - 6, top + 4, "end", value(max, s.bytes));
        label(svg, LEFT - 6, bottom, "end", value(0, s.bytes));
        label(svg, LEFT, bottom + 14, "start", "0 s");
        label(svg, right, bottom + 14, "end", String.format(Locale.ROOT, "%.1f s", end));
        svg.append("<polyline id=\"").append(s.id).append("\" class=\"series\" fill=\"none\" stroke=\"")
                .append(s.color).append("\" stroke-width=\"1.5\" points=\"");
        boolean first = true;
        for (int i = 0; i < s.values.length; i++) {
            if (s.values[i] < 0) {
                continue; // unknown at that point
            }
            double x = end <= 0 ? LEFT : LEFT + seconds[i] / end * (right - LEFT);
            double y = max <= 0 ? bottom : bottom - s.values[i] / max * PLOT_HEIGHT;
            svg.append(first ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            first = false;
        }
        svg.append("\"><title>").append(Html.escape(s.title)).append(", highest ")
                .append(Html.escape(value(max, s.bytes))).append("</title></polyline>\n</g>\n");
    }

    private static void label(StringBuilder svg, int x, int y, String anchor, String text) {
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
                .append("\" class=\"label\">").append(Html.escape(text)).append("</text>\n");
    }

    private static String value(double v, boolean bytes) {
        return bytes ? ByteAmount.format(Math.round(v)) : String.format(Locale.ROOT, "%.0f/s", v);
    }

    private static double[] doubles(long[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
