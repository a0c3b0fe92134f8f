package dev.faultline.agent.internal.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {
    private static final long SECOND = 1_000_000_000L;

    /** Sample i at i seconds: RSS i MiB, VmSize fixed, i*10 minor faults so far. */
    private static void addSamples(Timeline timeline, int from, int to) {
        for (int i = from; i < to; i++) {
            timeline.add(i * SECOND, 1000L * i, 1L << 30, i * 1048576L, 5L << 30, i * 10L, i / 100);
        }
    }

    @Test
    void keepsEverySampleUntilFull() {
        Timeline timeline = new Timeline(8);
        addSamples(timeline, 0, 8);
        Timeline.Points points = timeline.points();
        assertEquals(8, points.size());
        assertEquals(1, points.stride);
        assertEquals(7 * 1048576L, points.rss[7]);
        assertEquals(7.0, points.seconds(7), 1e-12);
    }

    @Test
    void neverHoldsMoreThanItsCapacityHoweverManySamples() {
        Timeline timeline = new Timeline(64);
        addSamples(timeline, 0, 100_000);
        Timeline.Points points = timeline.points();
        assertTrue(points.size() <= 64 && points.size() >= 32, () -> "points " + points.size());
        assertEquals(100_000, points.samples);
        assertEquals(0.0, points.seconds(0), 1e-12, "the first point is the run's start");
        assertEquals(99_999.0, points.seconds(points.size() - 1), 1e-12, "the last point is the latest sample");
    }

    @Test
    void mergedPointsKeepTheHighestRssSoPeaksStayVisible() {
        Timeline timeline = new Timeline(8);
        for (int i = 0; i < 40; i++) {
            long rss = i == 21 ? 999L << 20 : 1L << 20; // one spike
            timeline.add(i * SECOND, i, 1L << 30, rss, 5L << 30, i, 0);
        }
        Timeline.Points points = timeline.points();
        long highest = 0;
        for (long r : points.rss) {
            highest = Math.max(highest, r);
        }
        assertEquals(999L << 20, highest);
    }

    @Test
    void ratesBetweenMergedPointsAreExactAveragesOfTheirSamples() {
        Timeline timeline = new Timeline(8);
        addSamples(timeline, 0, 1000); // 10 faults a second throughout
        Timeline.Points points = timeline.points();
        double[] rates = points.ratePerSecond(points.minorFaults);
        assertEquals(0.0, rates[0]);
        for (int i = 1; i < rates.length; i++) {
            assertEquals(10.0, rates[i], 1e-9, "point " + i);
        }
    }

    @Test
    void capacityMustBeAnEvenNumberOfAtLeastFour() {
        assertThrows(IllegalArgumentException.class, () -> new Timeline(7));
        assertThrows(IllegalArgumentException.class, () -> new Timeline(2));
    }
}
