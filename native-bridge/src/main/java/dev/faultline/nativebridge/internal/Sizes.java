package dev.faultline.nativebridge.internal;

import java.util.Locale;

/** Page size and human-readable byte amounts. */
public final class Sizes {
    private static final long PAGE_SIZE = readPageSize();

    private Sizes() {
    }

    /** The base page size of this system (4096 where it cannot be asked). */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    /** Bytes as {@code 81.2 MiB}, {@code 4.0 KiB}, {@code 12 B}. */
    public static String format(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static long readPageSize() {
        LibC libc = Natives.libc().library();
        if (libc != null) {
            long size = libc.sysconf(LibC._SC_PAGESIZE);
            if (size > 0) {
                return size;
            }
        }
        return 4096;
    }
}
