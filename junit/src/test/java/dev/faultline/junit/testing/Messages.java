package dev.faultline.junit.testing;

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

    /** The decimal number that group 1 of {@code regex} finds ({@code 50.123} of {@code "blockedMillis 50.123"}). */
    public static double decimal(String message, String regex) {
        Matcher m = Pattern.compile(regex).matcher(message);
        if (!m.find()) {
            throw new AssertionError("no match for /" + regex + "/ in:\n" + message);
        }
        return Double.parseDouble(m.group(1));
    }
}
