package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.memory.rss.RssClassification;

import javax.management.ConstructorParameters;

/** One class of the RSS classification as the ProcessMemory MXBean shows it (an open-type row). */
public final class RssClassRow {
    private final String name;
    private final String label;
    private final long mappings;
    private final long sizeBytes;
    private final long rssBytes;
    private final long swapBytes;

    @ConstructorParameters({"name", "label", "mappings", "sizeBytes", "rssBytes", "swapBytes"})
    public RssClassRow(String name, String label, long mappings, long sizeBytes, long rssBytes, long swapBytes) {
        this.name = name;
        this.label = label;
        this.mappings = mappings;
        this.sizeBytes = sizeBytes;
        this.rssBytes = rssBytes;
        this.swapBytes = swapBytes;
    }

    static RssClassRow of(RssClassification.Row row) {
        return new RssClassRow(row.rssClass.name(), row.rssClass.label(), row.mappings, row.size, row.rss, row.swap);
    }

    /** The class's constant, e.g. {@code JAVA_HEAP}. */
    public String getName() {
        return name;
    }

    /** The class as reports name it, e.g. {@code Java heap}. */
    public String getLabel() {
        return label;
    }

    /** Mappings (or parts of mappings) in the class. */
    public long getMappings() {
        return mappings;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public long getRssBytes() {
        return rssBytes;
    }

    public long getSwapBytes() {
        return swapBytes;
    }
}
