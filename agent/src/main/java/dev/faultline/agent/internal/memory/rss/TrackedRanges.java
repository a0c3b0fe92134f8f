package dev.faultline.agent.internal.memory.rss;

import java.util.ArrayList;
import java.util.List;

/**
 * The hook through which a mapping tracker (direct buffers, {@code FileChannel.map}, FFM
 * segments) tells the RSS classification which address ranges it knows, so that they
 * count as {@link RssClass#TRACKED} instead of mapped files or unclassified anonymous
 * memory. Without a registered source there are no tracked ranges.
 */
public final class TrackedRanges {
    /** What a tracker provides: its live mappings, each given to the visitor once. */
    @FunctionalInterface
    public interface Source {
        void forEach(Visitor visitor);
    }

    /** Receives one tracked mapping: its address, size in bytes and kind ({@code FileChannel.map}, ...). */
    @FunctionalInterface
    public interface Visitor {
        void mapping(long address, long size, String kind);
    }

    private static volatile Source source;

    private TrackedRanges() {
    }

    /** Makes {@code tracker} the source of tracked ranges (replacing any other). */
    public static void register(Source tracker) {
        source = tracker;
    }

    /** Removes {@code tracker}, if it is the registered source. */
    public static void unregister(Source tracker) {
        if (source == tracker) {
            source = null;
        }
    }

    /** The tracked ranges now; empty without a source, or when the source fails. */
    static List<AddressRange> current() {
        List<AddressRange> ranges = new ArrayList<>();
        Source tracker = source;
        if (tracker == null) {
            return ranges;
        }
        try {
            tracker.forEach((address, size, kind) -> {
                if (size > 0) {
                    ranges.add(new AddressRange(address, address + size, RssClass.TRACKED, kind));
                }
            });
        } catch (RuntimeException e) {
            ranges.clear(); // a tracker's bug must not break the classification
        }
        return ranges;
    }
}
