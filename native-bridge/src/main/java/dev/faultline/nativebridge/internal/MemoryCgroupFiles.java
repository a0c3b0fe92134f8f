package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a set of figures from one memory cgroup's files, each named as {@code "file"} (a file
 * of one number, e.g. {@code memory.current}) or {@code "file key"} (a line of a flat-keyed
 * file, e.g. {@code memory.stat anon}), each file read once per {@link #read}.
 *
 * <p>A figure that cannot be had (no such file or key, unreadable, not a number) is
 * {@link #UNAVAILABLE}; a limit that is {@code max} (v2) or v1's "unlimited" value is
 * {@link #NO_LIMIT}. Never a zero in their place.
 */
public final class MemoryCgroupFiles {
    public static final long UNAVAILABLE = -1;
    public static final long NO_LIMIT = Long.MAX_VALUE;
    /** v1 writes "no limit" as the largest page-aligned {@code long}; anything this large is no limit. */
    private static final long V1_UNLIMITED = 1L << 62;

    private final String[] files;
    /** Per file: the keys to look for ({@code null} for a one-number file). */
    private final ProcParsers.Keys[] keys;
    /** Per file: the output slot of each key (or of the one number). */
    private final int[][] slots;
    private final boolean[] limit;

    /**
     * @param names per output slot, where the figure is, or {@code null} where this version has none
     * @param limit per output slot, whether it is a limit
     */
    public MemoryCgroupFiles(String[] names, boolean[] limit) {
        this.limit = limit.clone();
        // plain loops, no lambdas or streams: this runs in class initialisation, inside the host's start-up
        List<String> fileList = new ArrayList<>();
        List<List<Integer>> slotLists = new ArrayList<>();
        List<List<String>> keyLists = new ArrayList<>();
        for (int slot = 0; slot < names.length; slot++) {
            if (names[slot] == null) {
                continue;
            }
            int space = names[slot].indexOf(' ');
            String file = space < 0 ? names[slot] : names[slot].substring(0, space);
            int f = fileList.indexOf(file);
            if (f < 0) {
                f = fileList.size();
                fileList.add(file);
                slotLists.add(new ArrayList<>());
                keyLists.add(new ArrayList<>());
            }
            slotLists.get(f).add(slot);
            keyLists.get(f).add(space < 0 ? null : names[slot].substring(space + 1));
        }
        files = fileList.toArray(new String[0]);
        keys = new ProcParsers.Keys[files.length];
        slots = new int[files.length][];
        for (int f = 0; f < files.length; f++) {
            slots[f] = new int[slotLists.get(f).size()];
            for (int k = 0; k < slots[f].length; k++) {
                slots[f][k] = slotLists.get(f).get(k);
            }
            List<String> fileKeys = keyLists.get(f);
            keys[f] = fileKeys.get(0) == null ? null : ProcParsers.Keys.flat(fileKeys.toArray(new String[0]));
        }
    }

    /**
     * Fills {@code out} (one slot per name given to the constructor; slots without a name
     * are set to {@link #UNAVAILABLE}) from the cgroup at {@code directory}.
     *
     * @return how many of the named files could be read
     */
    public int read(Path directory, long[] out) {
        ProcFile[] opened = open(directory);
        try {
            return read(opened, out);
        } finally {
            close(opened);
        }
    }

    /**
     * Opens each named file of the cgroup at {@code directory} once, for {@link #read(ProcFile[], long[])}
     * again and again: one {@code pread} a file then, no {@code open}. A file that cannot be
     * opened (this kernel or version has none) is {@code null} and its figures stay unavailable
     * without a try each time. While libc is still loading the files are opened on first read.
     */
    public ProcFile[] open(Path directory) {
        ProcFile[] opened = new ProcFile[files.length];
        for (int f = 0; f < files.length; f++) {
            opened[f] = ProcFile.openIfPresent(directory.resolve(files[f]).toString());
        }
        return opened;
    }

    /** As {@link #read(Path, long[])}, from files made by {@link #open(Path)}. */
    public int read(ProcFile[] opened, long[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = UNAVAILABLE;
        }
        int read = 0;
        ReadBuffer buffer = ReadBuffer.get();
        for (int f = 0; f < files.length; f++) {
            if (opened[f] == null) {
                continue;
            }
            int length;
            try {
                length = buffer.fill(opened[f]);
            } catch (IOException | RuntimeException e) {
                continue; // every figure of this file stays unavailable (a removed cgroup: ENODEV)
            }
            read++;
            parse(f, buffer.bytes(), length, out);
        }
        return read;
    }

    /** Closes what {@link #open(Path)} opened. */
    public static void close(ProcFile[] opened) {
        for (ProcFile file : opened) {
            if (file != null) {
                file.close();
            }
        }
    }

    private void parse(int f, byte[] text, int length, long[] out) {
        if (keys[f] == null) {
            int slot = slots[f][0];
            out[slot] = limit[slot] ? parseLimit(text, length) : parseNumber(text, length);
            return;
        }
        long[] values = new long[slots[f].length];
        ProcParsers.keyedValues(text, length, keys[f], values);
        for (int k = 0; k < values.length; k++) {
            int slot = slots[f][k];
            out[slot] = values[k] < 0 ? UNAVAILABLE : limit[slot] && values[k] >= V1_UNLIMITED ? NO_LIMIT : values[k];
        }
    }

    /** A one-number file: the number, or {@link #UNAVAILABLE} when the text is not one unsigned number. */
    public static long parseNumber(byte[] text, int length) {
        long value = ProcParsers.single(text, length);
        return value < 0 || hasSecondField(text, length) ? UNAVAILABLE : value;
    }

    /** A limit file: bytes, {@link #NO_LIMIT} for {@code max} or v1's "unlimited", else {@link #UNAVAILABLE}. */
    public static long parseLimit(byte[] text, int length) {
        int start = 0;
        while (start < length && isSpace(text[start])) {
            start++;
        }
        int end = length;
        while (end > start && isSpace(text[end - 1])) {
            end--;
        }
        if (end - start == 3 && text[start] == 'm' && text[start + 1] == 'a' && text[start + 2] == 'x') {
            return NO_LIMIT;
        }
        long value = parseNumber(text, length);
        return value >= V1_UNLIMITED ? NO_LIMIT : value;
    }

    private static boolean hasSecondField(byte[] text, int length) {
        int i = 0;
        while (i < length && isSpace(text[i])) {
            i++;
        }
        while (i < length && !isSpace(text[i])) {
            i++;
        }
        while (i < length && isSpace(text[i])) {
            i++;
        }
        return i < length;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t';
    }
}
