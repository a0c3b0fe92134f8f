package dev.faultline.agent.internal.memory.rss;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Classification of smaps layouts as HotSpot and glibc on Linux make them. */
class RssClassifierTest {
    private static final long K = 1024;
    private static final long M = 1024 * K;
    private static final RssClassifier.Residency NO_MINCORE = (start, length) -> {
        throw new UnsupportedOperationException("no mincore in this test");
    };

    private static Region anon(long start, long end, String perms, long rss) {
        return new Region(start, end, perms, 0, "", rss, 0);
    }

    private static Region named(long start, long end, String perms, String path, long inode, long rss) {
        return new Region(start, end, perms, inode, path, rss, 0);
    }

    private static Map<RssClass, long[]> classify(List<Region> regions, KnownRanges known,
                                                 RssClassifier.Residency residency) {
        return RssClassifier.classify(regions, known, null, residency).totals;
    }

    private static Map<RssClass, long[]> classify(List<Region> regions) {
        return classify(regions, KnownRanges.of(), NO_MINCORE);
    }

    /** {pieces, size, rss}. */
    private static void assertClass(Map<RssClass, long[]> totals, RssClass c, long pieces, long size, long rss) {
        long[] t = totals.get(c);
        assertEquals(pieces, t[0], c + " pieces");
        assertEquals(size, t[1], c + " size");
        assertEquals(rss, t[2], c + " rss");
    }

    @Test
    void javaThreadStackIsASixteenKibGuardRightBelowReadWriteMemory() {
        // as HotSpot lays out a Java thread: 1 MiB reserved, its lowest 4 pages PROT_NONE
        List<Region> regions = List.of(
                anon(0x7f0000000000L, 0x7f0000004000L, "---p", 0),
                anon(0x7f0000004000L, 0x7f0000100000L, "rw-p", 40 * K));
        assertClass(classify(regions), RssClass.THREAD_STACKS, 2, M, 40 * K);
    }

    @Test
    void nativeThreadStackHasAOnePageGlibcGuard() {
        List<Region> regions = List.of(
                anon(0x7f0000000000L, 0x7f0000001000L, "---p", 0),
                anon(0x7f0000001000L, 0x7f0000801000L, "rw-p", 12 * K));
        assertClass(classify(regions), RssClass.THREAD_STACKS, 2, 8 * M + 4 * K, 12 * K);
    }

    @Test
    void readWriteMemoryWithAGapBelowIsNotAStack() {
        List<Region> regions = List.of(
                anon(0x7f0000000000L, 0x7f0000004000L, "---p", 0),
                anon(0x7f0000005000L, 0x7f0000100000L, "rw-p", 40 * K));
        Map<RssClass, long[]> totals = classify(regions);
        assertClass(totals, RssClass.THREAD_STACKS, 0, 0, 0);
        assertClass(totals, RssClass.UNCLASSIFIED, 2, 0x4000 + 0xfb000, 40 * K);
    }

    @Test
    void aLargeProtNoneReservationBelowIsNotAGuard() {
        List<Region> regions = List.of(
                anon(0x7f0000000000L, 0x7f0000100000L, "---p", 0),
                anon(0x7f0000100000L, 0x7f0000200000L, "rw-p", 8 * K));
        assertClass(classify(regions), RssClass.UNCLASSIFIED, 2, 2 * M, 8 * K);
    }

    @Test
    void glibcArenaIsA64MibAlignedReadWriteStartWithAProtNoneRest() {
        long base = 0x7f2370000000L; // 64 MiB aligned
        List<Region> regions = List.of(
                anon(base, base + 0x21000, "rw-p", 132 * K),
                anon(base + 0x21000, base + 64 * M, "---p", 0));
        assertClass(classify(regions), RssClass.MALLOC, 2, 64 * M, 132 * K);
    }

    @Test
    void unalignedOrWronglySizedArenaShapesStayUnclassified() {
        long base = 0x7f2371000000L; // 16 MiB aligned only
        List<Region> unaligned = List.of(anon(base, base + 0x21000, "rw-p", 4 * K),
                anon(base + 0x21000, base + 64 * M, "---p", 0));
        assertClass(classify(unaligned), RssClass.MALLOC, 0, 0, 0);
        long aligned = 0x7f2370000000L;
        List<Region> tooShort = List.of(anon(aligned, aligned + 0x21000, "rw-p", 4 * K),
                anon(aligned + 0x21000, aligned + 32 * M, "---p", 0));
        assertClass(classify(tooShort), RssClass.MALLOC, 0, 0, 0);
    }

    @Test
    void pseudoPathsAndFilesGoByName() {
        List<Region> regions = List.of(
                named(0x555500000000L, 0x555500100000L, "rw-p", "[heap]", 0, 100 * K),
                named(0x7f0000000000L, 0x7f0000010000L, "r-xp", "/usr/lib/libc.so.6", 42, 60 * K),
                named(0x7f0000100000L, 0x7f0000200000L, "rw-s", "/memfd:shared (deleted)", 7, 8 * K),
                named(0x7ffc00000000L, 0x7ffc00021000L, "rw-p", "[stack]", 0, 16 * K),
                named(0x7ffc00100000L, 0x7ffc00102000L, "r-xp", "[vdso]", 0, 8 * K),
                named(0x7ffc00200000L, 0x7ffc00201000L, "rw-p", "[anon:something]", 0, 4 * K));
        Map<RssClass, long[]> totals = classify(regions);
        assertClass(totals, RssClass.MALLOC, 1, M, 100 * K);
        assertClass(totals, RssClass.MAPPED_FILES, 1, 64 * K, 60 * K);
        assertClass(totals, RssClass.SHARED_MEMORY, 1, M, 8 * K);
        assertClass(totals, RssClass.THREAD_STACKS, 1, 0x21000, 16 * K);
        assertClass(totals, RssClass.KERNEL, 1, 8 * K, 8 * K);
        assertClass(totals, RssClass.UNCLASSIFIED, 1, 4 * K, 4 * K);
    }

    @Test
    void zgcHeapFileIsJavaHeap() {
        List<Region> regions = List.of(named(0x40000000000L, 0x40017a00000L, "rw-s", "/memfd:java_heap (deleted)", 1045,
                6 * M));
        Map<RssClass, long[]> totals = RssClassifier.classify(regions, KnownRanges.of(), "/memfd:java_heap",
                NO_MINCORE).totals;
        assertClass(totals, RssClass.JAVA_HEAP, 1, 0x17a00000L, 6 * M);
    }

    @Test
    void knownRangesWinOverTheLayout() {
        long base = 0x600000000L;
        List<Region> regions = List.of(anon(base, base + 64 * M, "rw-p", 64 * M),
                named(base + 64 * M, base + 65 * M, "r--p", "/usr/lib/jvm/lib/server/classes.jsa", 9, M));
        KnownRanges known = KnownRanges.of(List.of(new AddressRange(base, base + 65 * M, RssClass.JAVA_HEAP, "t")));
        assertClass(classify(regions, known, NO_MINCORE), RssClass.JAVA_HEAP, 2, 65 * M, 65 * M);
    }

    @Test
    void aMappingAcrossARangeEdgeIsSplitWithRssFromMincore() {
        long base = 0x600000000L;
        List<Region> regions = List.of(anon(base, base + 4 * M, "rw-p", 300 * K));
        KnownRanges known = KnownRanges.of(List.of(new AddressRange(base, base + M, RssClass.JAVA_HEAP, "t")));
        // resident: 100 KiB in the heap part, 200 KiB in the rest
        RssClassifier.Residency residency = (start, length) -> start == base ? 100 * K : 200 * K;
        RssClassifier.Result result = RssClassifier.classify(regions, known, null, residency);
        assertClass(result.totals, RssClass.JAVA_HEAP, 1, M, 100 * K);
        assertClass(result.totals, RssClass.UNCLASSIFIED, 1, 3 * M, 200 * K);
        assertEquals(1, result.split);
        assertEquals(0, result.estimated);
    }

    @Test
    void withoutMincoreASplitMappingsRssIsSharedOutBySizeAndCountedAsEstimated() {
        long base = 0x600000000L;
        List<Region> regions = new ArrayList<>(List.of(anon(base, base + 4 * M, "rw-p", 400 * K)));
        KnownRanges known = KnownRanges.of(List.of(new AddressRange(base + 3 * M, base + 8 * M, RssClass.GC, "t")));
        RssClassifier.Result result = RssClassifier.classify(regions, known, null, NO_MINCORE);
        assertClass(result.totals, RssClass.UNCLASSIFIED, 1, 3 * M, 300 * K);
        assertClass(result.totals, RssClass.GC, 1, M, 100 * K);
        assertEquals(1, result.estimated);
    }

    @Test
    void everyByteOfEveryMappingIsCountedOnce() {
        List<Region> regions = List.of(
                anon(0x1000000L, 0x1004000L, "---p", 0),
                anon(0x1004000L, 0x1100000L, "rw-p", 24 * K),
                named(0x2000000L, 0x2100000L, "r--p", "/x", 5, 64 * K),
                anon(0x3000000L, 0x3800000L, "rw-p", 512 * K));
        KnownRanges known = KnownRanges.of(List.of(new AddressRange(0x3400000L, 0x3c00000L, RssClass.CODE_CACHE, "t")));
        Map<RssClass, long[]> totals = classify(regions, known, (start, length) -> length / 2);
        long size = 0;
        long rss = 0;
        for (long[] t : totals.values()) {
            size += t[1];
            rss += t[2];
        }
        assertEquals(0x100000L + 0x100000L + 0x800000L, size);
        assertEquals(24 * K + 64 * K + 512 * K, rss);
    }
}
