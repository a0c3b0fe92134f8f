package dev.faultline.nativebridge.internal;

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
        return Decimals.oneDecimal(value, false) + " " + units[unit];
    }

    /** {@code AT_PAGESZ} in the auxiliary vector. */
    private static final long AT_PAGESZ = 6;

    /**
     * The kernel's {@code AT_PAGESZ} from {@code /proc/self/auxv} (no libc needed, so no
     * wait for JNR), else {@code sysconf(_SC_PAGESIZE)}, else 4096.
     */
    private static long readPageSize() {
        long fromAuxv = auxvPageSize();
        if (fromAuxv > 0) {
            return fromAuxv;
        }
        LibC libc = Natives.libc().library();
        if (libc != null) {
            long size = libc.sysconf(LibC._SC_PAGESIZE);
            if (size > 0) {
                return size;
            }
        }
        return 4096;
    }

    /** {@code AT_PAGESZ} from a 64-bit process's auxiliary vector, or {@code -1}. */
    static long auxvPageSize() {
        if (!"64".equals(System.getProperty("sun.arch.data.model"))) {
            return -1;
        }
        try {
            byte[] bytes = new byte[4096];
            int length;
            try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/auxv")) {
                length = Math.max(0, in.readNBytes(bytes, 0, bytes.length));
            }
            java.nio.ByteBuffer auxv = java.nio.ByteBuffer.wrap(bytes, 0, length).order(java.nio.ByteOrder.nativeOrder());
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == AT_PAGESZ) {
                    return value >= 4096 && Long.bitCount(value) == 1 ? value : -1;
                }
                if (type == 0) { // AT_NULL ends the vector
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc: sysconf
        }
        return -1;
    }
}
