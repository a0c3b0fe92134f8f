package dev.faultline.agent.internal.memory.rss;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Known address ranges, made non-overlapping: ranges are added in order of trust, and a
 * later range keeps only the parts that no earlier one covers. Sorted by start address,
 * so that the ranges over a mapping are found by binary search.
 */
final class KnownRanges {
    private final List<AddressRange> sorted;

    private KnownRanges(List<AddressRange> sorted) {
        this.sorted = sorted;
    }

    /** Builds the set from groups given most trusted first. */
    @SafeVarargs
    static KnownRanges of(List<AddressRange>... groups) {
        List<AddressRange> accepted = new ArrayList<>();
        for (List<AddressRange> group : groups) {
            for (AddressRange range : group) {
                if (Long.compareUnsigned(range.start, range.end) < 0) {
                    addUncovered(accepted, range);
                }
            }
        }
        accepted.sort(Comparator.comparing(r -> r.start, Long::compareUnsigned));
        return new KnownRanges(accepted);
    }

    private static void addUncovered(List<AddressRange> accepted, AddressRange range) {
        List<long[]> pieces = new ArrayList<>();
        pieces.add(new long[] {range.start, range.end});
        for (AddressRange taken : accepted) {
            List<long[]> left = new ArrayList<>();
            for (long[] piece : pieces) {
                if (!taken.overlaps(piece[0], piece[1])) {
                    left.add(piece);
                    continue;
                }
                if (Long.compareUnsigned(piece[0], taken.start) < 0) {
                    left.add(new long[] {piece[0], taken.start});
                }
                if (Long.compareUnsigned(taken.end, piece[1]) < 0) {
                    left.add(new long[] {taken.end, piece[1]});
                }
            }
            pieces = left;
            if (pieces.isEmpty()) {
                return;
            }
        }
        for (long[] piece : pieces) {
            accepted.add(new AddressRange(piece[0], piece[1], range.rssClass, range.source));
        }
    }

    /** The ranges that overlap {@code [from, to)}, in address order. */
    List<AddressRange> over(long from, long to) {
        int low = 0;
        int high = sorted.size();
        while (low < high) { // the first range that ends after 'from'
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(sorted.get(middle).end, from) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        List<AddressRange> out = new ArrayList<>(2);
        for (int i = low; i < sorted.size() && Long.compareUnsigned(sorted.get(i).start, to) < 0; i++) {
            out.add(sorted.get(i));
        }
        return out;
    }

    int size() {
        return sorted.size();
    }
}
