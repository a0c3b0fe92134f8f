package dev.faultline.agent.internal.memory.rss;

/** An address range {@code [start, end)} known to hold one {@link RssClass}, and who said so. */
final class AddressRange {
    final long start;
    final long end;
    final RssClass rssClass;
    /** Where the range came from, e.g. {@code VM.info}, {@code NMT detail: Thread Stack}. */
    final String source;

    AddressRange(long start, long end, RssClass rssClass, String source) {
        this.start = start;
        this.end = end;
        this.rssClass = rssClass;
        this.source = source;
    }

    boolean overlaps(long from, long to) {
        return Long.compareUnsigned(start, to) < 0 && Long.compareUnsigned(from, end) < 0;
    }

    @Override
    public String toString() {
        return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + rssClass + " (" + source + ")";
    }
}
