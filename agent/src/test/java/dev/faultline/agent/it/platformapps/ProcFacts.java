package dev.faultline.agent.it.platformapps;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures read straight from {@code /proc}, as ground truth for the agent's own readings. */
public final class ProcFacts {
    private ProcFacts() {
    }

    /** A {@code Key: N kB} line of {@code /proc/self/status} or {@code /proc/meminfo}, in bytes. */
    public static long kbLine(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new IllegalStateException("no " + key + " in " + file);
    }

    /** Field {@code n} (from 1) of {@code /proc/self/stat}, counted after the command name. */
    public static long statField(int n) {
        String stat = read("/proc/self/stat");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[n - 3]);
    }

    /**
     * A one-number file such as a sysctl, read with one {@code read} at offset 0: a sysctl
     * read in pieces returns only its first piece ({@code Files.readAllBytes} reads "5" of "50").
     */
    public static long number(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            byte[] bytes = new byte[64];
            int n = in.read(bytes);
            return Long.parseLong(new String(bytes, 0, n, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every mapping's {@code Rss:} in {@code /proc/self/smaps}, in bytes. */
    public static long smapsRss() {
        long sum = 0;
        for (String line : read("/proc/self/smaps").split("\n")) {
            if (line.startsWith("Rss:")) {
                sum += Long.parseLong(line.substring(4).trim().split("\\s+")[0]) * 1024;
            }
        }
        return sum;
    }

    private static String read(String file) {
        try {
            return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
