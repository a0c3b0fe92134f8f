package dev.faultline.processor.internal;

import java.util.Comparator;

/**
 * One traced method in the trace index: {@code CLASS\tMETHOD\tDESCRIPTOR\tOPTIONS}.
 *
 * <p>Lines sort by class, then method, then descriptor (plain string order), which is the
 * order they are written in.
 */
record IndexLine(String className, String method, String descriptor, String options)
        implements Comparable<IndexLine> {

    private static final Comparator<IndexLine> ORDER = Comparator.comparing(IndexLine::className)
            .thenComparing(IndexLine::method)
            .thenComparing(IndexLine::descriptor);

    /** The line parsed from the index's text, or null if it does not have four fields. */
    static IndexLine parse(String text) {
        String[] fields = text.split("\t", -1);
        if (fields.length != 4 || fields[0].isEmpty() || fields[1].isEmpty() || fields[2].isEmpty()) {
            return null;
        }
        return new IndexLine(fields[0], fields[1], fields[2], fields[3]);
    }

    /** The line as written to the index, without its line break. */
    String format() {
        return className + '\t' + method + '\t' + descriptor + '\t' + options;
    }

    @Override
    public int compareTo(IndexLine other) {
        int order = ORDER.compare(this, other);
        return order != 0 ? order : options.compareTo(other.options);
    }
}
