package dev.faultline.junit.testing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads figures back out of failure messages. */
public final class Messages {
    private Messages() {
    }

    /** The number that group 1 of {@code regex} finds in {@code message}; fails showing the message when absent. */
    public static long number(String message, String regex) {
        Matcher m = Pattern.compile(regex).matcher(message);
        if (!m.find()) {
            throw new AssertionError("no match for /" + regex + "/ in:\n" + message);
        }
        return Long.parseLong(m.group(1));
    }

    /** The size in MiB that group 1 of {@code regex} finds ({@code 64.1} of {@code "64.1 MiB"}). */
    public static double mib(String message, String regex) {
        return decimal(message, regex);
    }

    /**
     * The bytes that a size as messages show it stands for, found by group 1 of {@code regex}
     * ({@code 23.2 GiB}, {@code 41.0 MiB}, {@code 512 B}): exact to the one decimal shown.
     */
    public static long bytes(String message, String regex) {
        Matcher m = Pattern.compile(regex).matcher(message);
        if (!m.find()) {
            throw new AssertionError("no match for /" + regex + "/ in:\n" + message);
        }
        String[] size = m.group(1).split(" ");
        int power = size.length == 2 ? List.of("B", "KiB", "MiB", "GiB", "TiB").indexOf(size[1]) : -1;
        if (power < 0) {
            throw new AssertionError("not a size: '" + m.group(1) + "' in:\n" + message);
        }
        return (long) (Double.parseDouble(size[0]) * Math.pow(1024, power));
    }

    /** The decimal number that group 1 of {@code regex} finds ({@code 50.123} of {@code "blockedMillis 50.123"}). */
    public static double decimal(String message, String regex) {
        Matcher m = Pattern.compile(regex).matcher(message);
        if (!m.find()) {
            throw new AssertionError("no match for /" + regex + "/ in:\n" + message);
        }
        return Double.parseDouble(m.group(1));
    }
}
