package dev.faultline.agent.internal.cli;

import java.util.List;
import java.util.Map;

/**
 * One refresh of {@code top}: the ProcessMemory MXBean's figures, with the fault rates
 * measured between this refresh and the one before (the MXBean's own rates, over the
 * monitor's period, for the first), and the Container MXBean's where it can be read.
 */
final class TopFigures {
    /** The attributes {@code top} reads, in one request. */
    static final List<String> ATTRIBUTES = List.of("VmSize", "Rss", "RssAnon", "RssFile", "RssShmem", "Swap",
            "MinorFaults", "MajorFaults", "MinorFaultsPerSecond", "MajorFaultsPerSecond", "CommittedAs",
            "CommitLimit", "OvercommitMode", "OvercommitModeValue", "CgroupVersion", "CgroupLimit", "CgroupUsage");

    final long nanoTime;
    final long vmSize;
    final long rss;
    final long rssAnon;
    final long rssFile;
    final long rssShmem;
    final long swap;
    final long minorFaults;
    final long majorFaults;
    final double minorRate;
    final double majorRate;
    final long committed;
    final long commitLimit;
    final String mode;
    final int modeValue;
    final int cgroupVersion;
    final long cgroupLimit;
    final long cgroupUsage;
    /** The Container MXBean's figures; {@code null} without that MXBean or when it cannot read the cgroup. */
    final ContainerFigures container;

    private TopFigures(Map<String, Object> v, Map<String, Object> container, long nanoTime, TopFigures previous) {
        this.nanoTime = nanoTime;
        vmSize = number(v, "VmSize");
        rss = number(v, "Rss");
        rssAnon = number(v, "RssAnon");
        rssFile = number(v, "RssFile");
        rssShmem = number(v, "RssShmem");
        swap = number(v, "Swap");
        minorFaults = number(v, "MinorFaults");
        majorFaults = number(v, "MajorFaults");
        committed = number(v, "CommittedAs");
        commitLimit = number(v, "CommitLimit");
        mode = v.get("OvercommitMode") instanceof String ? (String) v.get("OvercommitMode") : "unknown";
        modeValue = (int) number(v, "OvercommitModeValue");
        cgroupVersion = (int) number(v, "CgroupVersion");
        cgroupLimit = number(v, "CgroupLimit");
        cgroupUsage = number(v, "CgroupUsage");
        ContainerFigures figures = container == null ? null : ContainerFigures.of(container);
        this.container = figures != null && figures.available ? figures : null;
        long elapsed = previous == null ? 0 : nanoTime - previous.nanoTime;
        if (elapsed > 0 && minorFaults >= previous.minorFaults && majorFaults >= previous.majorFaults) {
            minorRate = (minorFaults - previous.minorFaults) * 1e9 / elapsed;
            majorRate = (majorFaults - previous.majorFaults) * 1e9 / elapsed;
        } else {
            minorRate = rate(v, "MinorFaultsPerSecond");
            majorRate = rate(v, "MajorFaultsPerSecond");
        }
    }

    /**
     * The figures of one read of the ProcessMemory attributes and of the Container ones
     * ({@code null}: that MXBean is not there), made at {@code nanoTime}.
     */
    static TopFigures of(Map<String, Object> values, Map<String, Object> container, long nanoTime,
            TopFigures previous) {
        return new TopFigures(values, container, nanoTime, previous);
    }

    private static long number(Map<String, Object> values, String name) {
        Object value = values.get(name);
        return value instanceof Number ? ((Number) value).longValue() : -1;
    }

    private static double rate(Map<String, Object> values, String name) {
        Object value = values.get(name);
        return value instanceof Number ? ((Number) value).doubleValue() : 0;
    }
}
