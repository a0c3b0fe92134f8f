package dev.faultline.junit.internal;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.faultline.junit.MemoryBudget;
import dev.faultline.junit.Scope;

/** A {@link MemoryBudget}, checked and with its sizes parsed; -1 (or {@code null}) means no limit. */
final class MemoryLimits {
    final long minorFaults;
    final long majorFaults;
    final long rssGrowth;
    /** {@code null}: no floor. */
    final MinHeadroom minHeadroom;
    final Scope scope;

    private MemoryLimits(long minorFaults, long majorFaults, long rssGrowth, MinHeadroom minHeadroom, Scope scope) {
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.rssGrowth = rssGrowth;
        this.minHeadroom = minHeadroom;
        this.scope = scope;
    }

    /**
     * The limits {@code budget} states.
     *
     * @throws ExtensionConfigurationException naming the test, the element and what is accepted
     */
    static MemoryLimits of(MemoryBudget budget, String test) {
        String where = "@MemoryBudget on " + test + ": ";
        long minor = count(budget.minorFaults(), where, "minorFaults");
        long major = count(budget.majorFaults(), where, "majorFaults");
        long rss = -1;
        if (!budget.rssGrowth().isEmpty()) {
            try {
                rss = ByteSize.parse(budget.rssGrowth());
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(where + "rssGrowth: " + e.getMessage(), e);
            }
        }
        MinHeadroom headroom = null;
        if (!budget.minHeadroom().isEmpty()) {
            try {
                headroom = MinHeadroom.parse(budget.minHeadroom());
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(where + "minHeadroom: " + e.getMessage(), e);
            }
        }
        if (minor < 0 && major < 0 && rss < 0 && headroom == null) {
            throw new ExtensionConfigurationException(where + "no limit set (set minorFaults, majorFaults, rssGrowth"
                    + " or minHeadroom)");
        }
        return new MemoryLimits(minor, major, rss, headroom, budget.scope());
    }

    /** A count limit: -1 (none) or at least 0. */
    static long count(long value, String where, String element) {
        if (value < -1) {
            throw new ExtensionConfigurationException(where + "bad " + element + " " + value
                    + " (accepted: 0 or more, or -1 for no limit)");
        }
        return value;
    }

    boolean limitsFaults() {
        return minorFaults >= 0 || majorFaults >= 0;
    }

    boolean limitsRss() {
        return rssGrowth >= 0;
    }

    boolean limitsHeadroom() {
        return minHeadroom != null;
    }
}
