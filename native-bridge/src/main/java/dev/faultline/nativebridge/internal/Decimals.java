package dev.faultline.nativebridge.internal;

/**
 * Numbers with one decimal, as {@code String.format("%.1f")} and {@code "%+.1f"} write them,
 * without it: its first use loads {@code Formatter}, regular expressions and locale data
 * (megabytes, tens of ms), and it is slow interpreted, where these run (a dump, a monitor
 * tick). No state, no static initialisation.
 */
public final class Decimals {
    private Decimals() {
    }

    /** {@code value} rounded half up to one decimal: {@code 81.2}, {@code -3.0}, with {@code sign} {@code +0.5}. */
    public static String oneDecimal(double value, boolean sign) {
        long tenths = Math.round(Math.abs(value) * 10);
        String prefix = value < 0 ? "-" : sign ? "+" : "";
        return prefix + tenths / 10 + "." + tenths % 10;
    }
}
