package dev.faultline.agent.internal.memory.rss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KnownRangesTest {

    private static AddressRange range(long start, long end, RssClass c) {
        return new AddressRange(start, end, c, "test");
    }

    @Test
    void aLaterRangeKeepsOnlyWhatNoEarlierOneCovers() {
        KnownRanges known = KnownRanges.of(
                List.of(range(0x2000, 0x3000, RssClass.TRACKED)),
                List.of(range(0x1000, 0x5000, RssClass.JAVA_HEAP)));
        List<AddressRange> all = known.over(0, 0x10000);
        assertEquals(List.of("1000-2000 JAVA_HEAP (test)", "2000-3000 TRACKED (test)", "3000-5000 JAVA_HEAP (test)"),
                all.stream().map(AddressRange::toString).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void overFindsExactlyTheRangesThatOverlap() {
        KnownRanges known = KnownRanges.of(List.of(range(0x1000, 0x2000, RssClass.GC),
                range(0x4000, 0x5000, RssClass.GC), range(0x8000, 0x9000, RssClass.GC)));
        assertEquals(0, known.over(0x2000, 0x4000).size(), "edges touch but do not overlap");
        assertEquals(2, known.over(0x1fff, 0x4001).size());
        assertEquals(1, known.over(0x8800, 0x8801).size());
        assertEquals(3, known.over(0, -1L).size(), "unsigned: up to the top of the address space");
    }

    @Test
    void emptyAndInvertedRangesAreDropped() {
        assertEquals(0, KnownRanges.of(List.of(range(0x1000, 0x1000, RssClass.GC),
                range(0x3000, 0x2000, RssClass.GC))).size());
    }
}
