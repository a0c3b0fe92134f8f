package dev.faultline.nativebridge.internal;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from the bytes of {@code /proc} text ({@code status},
 * {@code meminfo}, {@code stat}, {@code statm}, {@code schedstat}), without strings,
 * regular expressions or splitting, so that a hot reader allocates nothing.
 *
 * <p>Numbers are unsigned decimals; one too large for a {@code long} saturates at
 * {@link Long#MAX_VALUE}. A missing value is {@code -1}.
 */
public final class ProcParsers {

    private ProcParsers() {
    }

    /**
     * The line names that {@link #keyedValues} looks for, prepared once: {@code "VmRSS"}
     * matches a line that starts with {@code "VmRSS:"} ({@link #of}), or, in a cgroup's
     * flat-keyed file, {@code "nr_throttled"} a line that starts with {@code "nr_throttled "}
     * ({@link #flat}).
     */
    public static final class Keys {
        final byte[][] keys;
        /** Which first bytes some key starts with, to rule out most lines at their first byte. */
        final boolean[] firsts = new boolean[128];

        private Keys(byte[][] keys) {
            this.keys = keys;
            for (byte[] key : keys) {
                firsts[key[0] & 0x7f] = true;
            }
        }

        public static Keys of(String... names) {
            byte[][] keys = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                keys[i] = key(names[i]);
            }
            return new Keys(keys);
        }

        /** Keys of a cgroup flat-keyed file ({@code cpu.stat}): a key, one space, a value. */
        public static Keys flat(String... names) {
            byte[][] keys = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                keys[i] = (names[i] + " ").getBytes(StandardCharsets.US_ASCII);
            }
            return new Keys(keys);
        }

        public int size() {
            return keys.length;
        }
    }

    /** Turns {@code "VmRSS"} into the bytes that start its line ({@code "VmRSS:"}). */
    public static byte[] key(String name) {
        return (name + ":").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads {@code Key: value [unit]} lines ({@code status}, {@code meminfo}) or {@code key value}
     * lines (a cgroup's {@code cpu.stat}, with {@link Keys#flat}) in one pass:
     * {@code out[i]} becomes the number on the line that starts with key {@code i}, or
     * {@code -1} when no line does. Units are not applied ({@code kB} stays kilobytes).
     *
     * @return how many keys were found
     */
    public static int keyedValues(byte[] text, int length, Keys keys, long[] out) {
        byte[][] names = keys.keys;
        for (int k = 0; k < names.length; k++) {
            out[k] = -1;
        }
        int found = 0;
        int line = 0;
        while (line < length && found < names.length) {
            if (keys.firsts[text[line] & 0x7f]) {
                for (int k = 0; k < names.length; k++) {
                    if (out[k] < 0 && startsWith(text, line, length, names[k])) {
                        out[k] = number(text, line + names[k].length, length);
                        if (out[k] >= 0) {
                            found++;
                        }
                        break;
                    }
                }
            }
            line = nextLine(text, line, length);
        }
        return found;
    }

    /**
     * The {@code index}-th (from 0) whitespace-separated field from {@code from}, as a
     * number; {@code -1} when there are fewer fields or the field is not an unsigned number.
     */
    public static long field(byte[] text, int from, int length, int index) {
        int i = from;
        for (int f = 0; ; f++) {
            while (i < length && isSpace(text[i])) {
                i++;
            }
            if (i >= length) {
                return -1;
            }
            if (f == index) {
                return digitsOnlyToken(text, i, length);
            }
            while (i < length && !isSpace(text[i])) {
                i++;
            }
        }
    }

    /**
     * Where the fields after {@code comm} start in a {@code /proc/PID/stat} line: just past
     * its last {@code ')'}, because the command name in parentheses may itself contain
     * spaces and parentheses. The field there is field 3 ({@code state}). {@code -1} when
     * there is no {@code ')'}.
     */
    public static int afterComm(byte[] text, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (text[i] == ')') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The first unsigned number at or after {@code from} on the same line, skipping spaces
     * and tabs; {@code -1} when the line has none there.
     */
    public static long number(byte[] text, int from, int length) {
        int i = from;
        while (i < length && (text[i] == ' ' || text[i] == '\t')) {
            i++;
        }
        return digits(text, i, length);
    }

    /** A whole file of one unsigned number, e.g. a sysctl or a cgroup file; {@code -1} if not. */
    public static long single(byte[] text, int length) {
        return field(text, 0, length, 0);
    }

    private static long digitsOnlyToken(byte[] text, int start, int length) {
        long value = digits(text, start, length);
        int end = start;
        while (end < length && !isSpace(text[end])) {
            end++;
        }
        for (int i = start; i < end; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return -1;
            }
        }
        return value;
    }

    private static long digits(byte[] text, int start, int length) {
        int i = start;
        if (i >= length || text[i] < '0' || text[i] > '9') {
            return -1;
        }
        long value = 0;
        while (i < length && text[i] >= '0' && text[i] <= '9') {
            int digit = text[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                value = Long.MAX_VALUE;
            } else {
                value = value * 10 + digit;
            }
            i++;
        }
        return value;
    }

    /** Whether {@code text} holds {@code prefix} at {@code at}, within the first {@code length} bytes. */
    public static boolean startsWith(byte[] text, int at, int length, byte[] prefix) {
        if (at + prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (text[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int nextLine(byte[] text, int from, int length) {
        int i = from;
        while (i < length && text[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t';
    }
}
