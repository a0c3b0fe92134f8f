package dev.faultline.agent.internal.memory;

import dev.faultline.nativebridge.internal.Decimals;

/** Byte amounts as people read them: {@code 412.3 MiB}, {@code 2.0 GiB}, {@code 512 B}. */
public final class ByteAmount {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteAmount() {
    }

    /** {@code bytes} in the largest binary unit that keeps the number at 1 or more; {@code n/a} when negative. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        int unit = 0;
        while (unit + 1 < UNITS.length && bytes >= 1L << (10 * (unit + 1))) {
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        return Decimals.oneDecimal(bytes / (double) (1L << (10 * unit)), false) + " " + UNITS[unit];
    }

    /** As {@link #format}, negative amounts too ({@code -12.0 MiB}: a headroom over its limit). */
    public static String signed(long bytes) {
        return bytes < 0 ? "-" + format(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes) : format(bytes);
    }

    /** {@code fraction} (0.42) as a whole percentage ({@code 42%}); {@code n/a} when negative. */
    public static String percent(double fraction) {
        return fraction < 0 ? "n/a" : Math.round(fraction * 100) + "%";
    }
}
