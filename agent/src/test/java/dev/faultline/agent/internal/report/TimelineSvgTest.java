package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.Timeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineSvgTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1L << 20;

    /** Three samples a second apart: RSS 0, 50, 100 MiB; 0, 100, 400 minor faults so far. */
    private static Timeline.Points threeSamples(long committed) {
        Timeline timeline = new Timeline(8);
        long[] rss = {0, 50 * MIB, 100 * MIB};
        long[] faults = {0, 100, 400};
        for (int i = 0; i < 3; i++) {
            timeline.add(i * SECOND, 1000L * i, 2L << 30, rss[i], committed, faults[i], 0);
        }
        return timeline.points();
    }

    private static String draw(Timeline.Points points) {
        double[] seconds = new double[points.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = points.seconds(i);
        }
        return TimelineSvg.draw(TimelineSvg.series(points), seconds);
    }

    /** The points of the polyline with this id, as {x, y} pairs. */
    private static List<double[]> polyline(String svg, String id) {
        Matcher m = Pattern.compile("<polyline id=\"" + id + "\"[^>]* points=\"([^\"]*)\"").matcher(svg);
        assertTrue(m.find(), () -> "no polyline " + id + " in\n" + svg);
        List<double[]> points = new ArrayList<>();
        for (String pair : m.group(1).split(" ")) {
            String[] xy = pair.split(",");
            points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }

    @Test
    void eachSeriesIsAPolylineWithOnePointPerTimelinePoint() {
        String svg = draw(threeSamples(5L << 30));
        for (String id : List.of("rss", "vmsize", "committed", "minor-faults", "major-faults")) {
            assertEquals(3, polyline(svg, id).size(), id);
        }
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
    }

    @Test
    void valuesArePlacedFromZeroAtTheBottomToTheLargestAtTheTop() {
        List<double[]> rss = polyline(draw(threeSamples(5L << 30)), "rss");
        int top = TimelineSvg.TITLE;
        int bottom = top + TimelineSvg.PLOT_HEIGHT;
        assertEquals(bottom, rss.get(0)[1], 1e-9, "0 MiB");
        assertEquals((top + bottom) / 2.0, rss.get(1)[1], 0.05, "50 of 100 MiB");
        assertEquals(top, rss.get(2)[1], 1e-9, "100 MiB, the largest");
        assertEquals(TimelineSvg.LEFT, rss.get(0)[0], 1e-9, "the first second");
        assertEquals(TimelineSvg.WIDTH - TimelineSvg.RIGHT, rss.get(2)[0], 1e-9, "the last second");
    }

    @Test
    void faultRatesArePlottedPerSecondBetweenPoints() {
        String svg = draw(threeSamples(5L << 30));
        List<double[]> minor = polyline(svg, "minor-faults");
        int panelTop = 3 * TimelineSvg.PANEL_HEIGHT + TimelineSvg.TITLE; // the fourth panel
        // rates 0, 100/s, 300/s: the largest at the top, 100/s a third of the way up
        assertEquals(panelTop + TimelineSvg.PLOT_HEIGHT, minor.get(0)[1], 1e-9);
        assertEquals(panelTop + TimelineSvg.PLOT_HEIGHT * 2 / 3.0, minor.get(1)[1], 0.05);
        assertEquals(panelTop, minor.get(2)[1], 1e-9);
        assertTrue(svg.contains("<text x=\"90\" y=\"" + (panelTop + 4) + "\" text-anchor=\"end\" class=\"label\">300/s</text>"),
                svg);
    }

    @Test
    void committedPanelIsLeftOutWhenCommittedAsWasUnknown() {
        String svg = draw(threeSamples(-1));
        assertFalse(svg.contains("id=\"committed\""), svg);
        assertTrue(svg.contains("height=\"" + 4 * TimelineSvg.PANEL_HEIGHT + "\""), svg);
    }
}
