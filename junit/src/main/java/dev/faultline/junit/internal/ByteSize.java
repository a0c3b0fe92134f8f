package dev.faultline.junit.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as budgets write them ({@code "64MiB"}, {@code "1.5 GiB"}) and as failure messages
 * show them. Binary units only: KB, MB and GB mean 1000- or 1024-based depending on who
 * wrote them, so they are refused rather than guessed.
 */
public final class ByteSize {
    /** What a size may look like, for messages. */
    public static final String ACCEPTED = "a number with a unit B, KiB, MiB, GiB or TiB, e.g. \"64MiB\", \"1.5GiB\";"
            + " a number alone is bytes";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteSize() {
    }

    /**
     * The number of bytes {@code text} stands for, rounded down to a whole byte.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long parse(String text) {
        return parse(text, ACCEPTED);
    }

    /**
     * As {@link #parse(String)}, for an element that accepts more than a size: {@code accepted}
     * is what a refusal lists.
     */
    static long parse(String text, String accepted) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw bad(text, "", accepted);
        }
        String unit = m.group(2);
        int power = unit.isEmpty() ? 0 : powerOf(unit);
        if (power < 0) {
            String lower = unit.toLowerCase(Locale.ROOT);
            boolean decimal = lower.equals("kb") || lower.equals("mb") || lower.equals("gb") || lower.equals("tb");
            throw bad(text, decimal ? " (" + unit + " is ambiguous: write " + Character.toUpperCase(unit.charAt(0))
                    + "iB for 1024-based units)" : "", accepted);
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw bad(text, " (more than " + Long.MAX_VALUE + " bytes)", accepted);
        }
        return bytes.longValue();
    }

    /** {@code bytes} in the largest binary unit that keeps it at 1 or more, one decimal: {@code 64.0 MiB}. */
    public static String format(long bytes) {
        int power = 0;
        double scaled = bytes;
        while (Math.abs(scaled) >= 1024 && power < UNITS.length - 1) {
            scaled /= 1024;
            power++;
        }
        return power == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", scaled, UNITS[power]);
    }

    private static int powerOf(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equalsIgnoreCase(unit)) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException bad(String text, String why, String accepted) {
        return new IllegalArgumentException("bad size '" + text + "'" + why + " (accepted: " + accepted + ")");
    }
}
