package dev.faultline.nativebridge;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's own figures read the plain way (whole file, split into words), to check
 * the byte-level readers against.
 */
final class GroundTruth {
    private GroundTruth() {
    }

    /**
     * The whole file from one {@code read} at offset 0. Not {@code Files.readAllBytes}: it
     * reads in pieces, and a sysctl file read at a non-zero offset is at its end, so
     * {@code /proc/sys/vm/overcommit_ratio} would read as {@code "5"} instead of {@code "50"}.
     */
    static String read(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n = in.read(buffer);
            if (n == buffer.length) {
                throw new AssertionError(file + " is larger than " + buffer.length + " bytes");
            }
            return new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number on the {@code key:} line of a {@code status}/{@code meminfo}-style file. */
    static long value(String file, String key) {
        return valueIn(read(file), key);
    }

    /** The number on the {@code key:} line of {@code text}, read once from a {@code status}-style file. */
    static long valueIn(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no " + key + " line in:\n" + text);
    }

    /** The {@code key:} line's number in kB, as bytes. */
    static long kbAsBytes(String file, String key) {
        return value(file, key) * 1024;
    }

    /** Field {@code n} (numbered from 1, as in proc(5)) of a {@code /proc/PID/stat} file. */
    static long statField(String file, int n) {
        String text = read(file);
        String[] after = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(after[n - 3]); // after[0] is field 3, state
    }

    /** Whitespace-separated field {@code index} (from 0) of a one-line file such as statm or schedstat. */
    static long field(String file, int index) {
        return Long.parseLong(read(file).trim().split("\\s+")[index]);
    }
}
