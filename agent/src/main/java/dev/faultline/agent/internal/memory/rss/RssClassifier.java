package dev.faultline.agent.internal.memory.rss;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts every mapping of the process into an {@link RssClass}, adding up size, RSS and
 * swap per class. Address ranges known from the JVM or a tracker decide first; the rest
 * goes by what smaps shows: pseudo-paths ({@code [stack]}, {@code [heap]}, {@code [vdso]}),
 * files, and two layouts of anonymous memory that only one allocator makes — a thread
 * stack (a small {@code ---p} guard right below a {@code rw-p} block) and a glibc malloc
 * arena (a 64 MiB-aligned {@code rw-p} block whose {@code ---p} rest makes it 64 MiB).
 * Anonymous memory that fits none of these is {@link RssClass#UNCLASSIFIED}: no guess.
 *
 * <p>A mapping that crosses the edge of a known range (adjacent anonymous mappings with
 * the same permissions merge into one) is split at the edge; the RSS of each part comes
 * from {@code mincore} where it can be asked, and is shared out by size where not.
 */
final class RssClassifier {
    /** The largest guard below a thread stack: HotSpot's 4 pages (16 KiB) up to 64 KiB pages. */
    static final long MAX_GUARD = 256 * 1024;
    /** glibc's arena heap size on 64-bit ({@code HEAP_MAX_SIZE}: twice the largest mmap threshold). */
    static final long ARENA = 64L * 1024 * 1024;

    /** How many bytes of a range are resident. */
    @FunctionalInterface
    interface Residency {
        /** @throws RuntimeException when it cannot tell */
        long residentBytes(long start, long length);
    }

    private final KnownRanges known;
    private final String heapFile;
    private final Residency residency;
    private final Map<RssClass, long[]> totals = new EnumMap<>(RssClass.class);
    private int split;
    private int estimated;

    private RssClassifier(KnownRanges known, String heapFile, Residency residency) {
        this.known = known;
        this.heapFile = heapFile;
        this.residency = residency;
        for (RssClass c : RssClass.values()) {
            totals.put(c, new long[4]); // pieces, size, rss, swap
        }
    }

    /**
     * Classifies {@code regions} (in address order).
     *
     * @param heapFile the file ZGC keeps the heap in, or {@code null}
     * @return per class {pieces, size, rss, swap}, plus counts of split and estimated mappings
     */
    static Result classify(List<Region> regions, KnownRanges known, String heapFile, Residency residency) {
        RssClassifier classifier = new RssClassifier(known, heapFile, residency);
        for (int i = 0; i < regions.size(); i++) {
            classifier.add(regions, i);
        }
        return new Result(classifier.totals, classifier.split, classifier.estimated);
    }

    /** What {@link #classify} found. */
    static final class Result {
        /** Per class: {pieces, size, rss, swap}. */
        final Map<RssClass, long[]> totals;
        /** Mappings that crossed the edge of a known range. */
        final int split;
        /** Of those, the ones whose RSS was shared out by size. */
        final int estimated;

        Result(Map<RssClass, long[]> totals, int split, int estimated) {
            this.totals = totals;
            this.split = split;
            this.estimated = estimated;
        }
    }

    private void add(List<Region> regions, int index) {
        Region region = regions.get(index);
        List<long[]> pieces = new ArrayList<>(); // {start, end, class ordinal}
        long at = region.start;
        for (AddressRange range : known.over(region.start, region.end)) {
            long from = Long.compareUnsigned(range.start, at) > 0 ? range.start : at;
            long to = Long.compareUnsigned(range.end, region.end) < 0 ? range.end : region.end;
            if (Long.compareUnsigned(at, from) < 0) {
                pieces.add(new long[] {at, from, -1});
            }
            pieces.add(new long[] {from, to, range.rssClass.ordinal()});
            at = to;
        }
        if (Long.compareUnsigned(at, region.end) < 0) {
            pieces.add(new long[] {at, region.end, -1});
        }
        if (pieces.size() == 1) {
            long[] piece = pieces.get(0);
            count(piece[2] < 0 ? byLayout(regions, index) : RssClass.values()[(int) piece[2]], region.size(),
                    region.rss, region.swap);
            return;
        }
        split++;
        long[] rss = shareOut(region, pieces);
        for (int i = 0; i < pieces.size(); i++) {
            long[] piece = pieces.get(i);
            long size = piece[1] - piece[0];
            RssClass c = piece[2] < 0 ? byLayout(regions, index) : RssClass.values()[(int) piece[2]];
            count(c, size, rss[i], Math.round((double) region.swap * size / region.size()));
        }
    }

    /** The RSS of each piece: by mincore, scaled to the mapping's smaps RSS; by size where mincore fails. */
    private long[] shareOut(Region region, List<long[]> pieces) {
        long[] rss = new long[pieces.size()];
        long sum = 0;
        try {
            if (region.fileBacked()) {
                throw new IllegalStateException("mincore tells page cache, not this mapping's pages");
            }
            for (int i = 0; i < rss.length; i++) {
                rss[i] = residency.residentBytes(pieces.get(i)[0], pieces.get(i)[1] - pieces.get(i)[0]);
                sum += rss[i];
            }
        } catch (RuntimeException e) {
            sum = 0;
        }
        if (sum <= 0) {
            if (region.rss > 0) {
                estimated++;
            }
            for (int i = 0; i < rss.length; i++) {
                rss[i] = Math.round((double) region.rss * (pieces.get(i)[1] - pieces.get(i)[0]) / region.size());
            }
            return rss;
        }
        for (int i = 0; i < rss.length; i++) {
            rss[i] = Math.round((double) region.rss * rss[i] / sum);
        }
        return rss;
    }

    private void count(RssClass c, long size, long rss, long swap) {
        long[] t = totals.get(c);
        t[0]++;
        t[1] += size;
        t[2] += rss;
        t[3] += swap;
    }

    /** The class of a mapping (or its part outside known ranges) by what smaps shows of it and its neighbours. */
    RssClass byLayout(List<Region> regions, int index) {
        Region r = regions.get(index);
        String path = r.path;
        if (path.equals("[stack]") || path.startsWith("[stack:")) {
            return RssClass.THREAD_STACKS;
        }
        if (path.equals("[heap]")) {
            return RssClass.MALLOC;
        }
        if (path.equals("[vdso]") || path.equals("[vvar]") || path.equals("[vsyscall]") || path.equals("[vvar_vclock]")) {
            return RssClass.KERNEL;
        }
        if (heapFile != null && path.startsWith(heapFile)) {
            return RssClass.JAVA_HEAP;
        }
        if (path.startsWith("[anon:")) {
            return path.contains("stack") ? RssClass.THREAD_STACKS
                    : path.contains("malloc") || path.contains("arena") ? RssClass.MALLOC : RssClass.UNCLASSIFIED;
        }
        if (path.startsWith("/memfd:") || path.startsWith("/dev/zero") || path.startsWith("/SYSV")
                || path.startsWith("/dev/shm/")) {
            return RssClass.SHARED_MEMORY;
        }
        if (r.fileBacked()) {
            return RssClass.MAPPED_FILES;
        }
        if (!r.anonymous()) {
            return RssClass.UNCLASSIFIED;
        }
        Region before = index > 0 ? regions.get(index - 1) : null;
        Region after = index + 1 < regions.size() ? regions.get(index + 1) : null;
        if (isGuard(r) && isStackBody(after, r) || isStackBody(r, before) && isGuard(before)) {
            return RssClass.THREAD_STACKS;
        }
        if (isArenaStart(r) && (r.size() == ARENA || isArenaRest(after, r))
                || isArenaRest(r, before) && isArenaStart(before)) {
            return RssClass.MALLOC;
        }
        return RssClass.UNCLASSIFIED;
    }

    private static boolean isGuard(Region r) {
        return r != null && r.anonymous() && r.perms.startsWith("---") && r.size() <= MAX_GUARD;
    }

    /** Whether {@code r} is a {@code rw-p} block right above {@code below}. */
    private static boolean isStackBody(Region r, Region below) {
        return r != null && below != null && r.anonymous() && r.perms.equals("rw-p") && r.start == below.end;
    }

    private static boolean isArenaStart(Region r) {
        return r != null && r.anonymous() && r.perms.equals("rw-p") && Long.remainderUnsigned(r.start, ARENA) == 0
                && r.size() <= ARENA;
    }

    /** Whether {@code r} is the {@code ---p} rest of an arena that {@code start} begins. */
    private static boolean isArenaRest(Region r, Region start) {
        return r != null && start != null && r.anonymous() && r.perms.equals("---p") && r.start == start.end
                && start.size() + r.size() == ARENA;
    }
}
