package dev.faultline.processor.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The trace index's text: the header line, then one sorted line per traced method; and the
 * rule that merges a previous compilation's index with this one's.
 *
 * <p>The agent parses this format; {@code docs/trace-annotation.md} states it exactly.
 */
final class TraceIndex {
    /** Where the index is written, relative to the class output. */
    static final String PATH = "META-INF/faultline/trace-index";

    /** The first line; its number is the format's version. */
    static final String HEADER = "# faultline trace index 1";

    private TraceIndex() {
    }

    /** What a previous index held. */
    record Previous(boolean known, String firstLine, List<IndexLine> lines) {
    }

    /**
     * Reads a previous index. {@code known} is false when its first line is not this
     * version's header: its lines are then not trusted and none are returned. Comment lines
     * and lines without four fields are skipped.
     */
    static Previous parse(String text) {
        String[] rows = text.split("\r?\n", -1);
        if (!rows[0].equals(HEADER)) {
            return new Previous(false, rows[0], List.of());
        }
        List<IndexLine> lines = new ArrayList<>();
        for (int i = 1; i < rows.length; i++) {
            if (rows[i].isEmpty() || rows[i].startsWith("#")) {
                continue;
            }
            IndexLine line = IndexLine.parse(rows[i]);
            if (line != null) {
                lines.add(line);
            }
        }
        return new Previous(true, rows[0], lines);
    }

    /**
     * The lines of the new index: this compilation's lines, plus the previous lines of
     * classes not compiled now that still exist. A class compiled now has exactly the lines
     * found now (none if its {@code @Trace} went); a class that no longer exists has none.
     */
    static SortedSet<IndexLine> merge(Collection<IndexLine> previous, Set<String> compiled,
            Collection<IndexLine> current, Predicate<String> classExists) {
        SortedSet<IndexLine> merged = new TreeSet<>(current);
        for (IndexLine line : previous) {
            if (!compiled.contains(line.className()) && classExists.test(line.className())) {
                merged.add(line);
            }
        }
        return merged;
    }

    /** The index's text: the header, then each line, each ending in {@code \n}. */
    static String format(SortedSet<IndexLine> lines) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (IndexLine line : lines) {
            out.append(line.format()).append('\n');
        }
        return out.toString();
    }
}
