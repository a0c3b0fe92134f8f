package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.agent.internal.memory.Timeline;

import java.util.Locale;

/** The memory monitor's view of a whole run in a few figures, for the reports' summary line. */
final class RunSummary {
    final double seconds;
    final long samples;
    final long firstRss;
    final long lastRss;
    final long highestRss;
    final long highestVmSize;
    final long minorFaults;
    final long majorFaults;
    final double highestMinorRate;
    final double highestMajorRate;

    private RunSummary(Timeline.Points p) {
        int last = p.size() - 1;
        seconds = p.seconds(last);
        samples = p.samples;
        firstRss = p.rss[0];
        lastRss = p.rss[last];
        highestRss = max(p.rss);
        highestVmSize = max(p.vmSize);
        minorFaults = p.minorFaults[last] - p.minorFaults[0];
        majorFaults = p.majorFaults[last] - p.majorFaults[0];
        highestMinorRate = max(p.ratePerSecond(p.minorFaults));
        highestMajorRate = max(p.ratePerSecond(p.majorFaults));
    }

    /** The summary of a timeline of at least one point. */
    static RunSummary of(Timeline.Points points) {
        return new RunSummary(points);
    }

    /** One sentence, e.g. {@code memory over 12.0 s (13 samples): RSS 80.1 MiB → 412.3 MiB ...}. */
    String sentence() {
        return String.format(Locale.ROOT, "memory over %.1f s (%d samples): RSS %s → %s (highest %s), VmSize up to %s,"
                        + " minor faults +%d (at most %.0f/s), major faults +%d (at most %.0f/s)",
                seconds, samples, ByteAmount.format(firstRss), ByteAmount.format(lastRss),
                ByteAmount.format(highestRss), ByteAmount.format(highestVmSize), minorFaults, highestMinorRate,
                majorFaults, highestMajorRate);
    }

    static long max(long[] values) {
        long max = Long.MIN_VALUE;
        for (long v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
