package dev.faultline.nativebridge;

import java.util.Locale;

/**
 * Pressure stall information (PSI) for memory: the share of time in which tasks waited for
 * memory (reclaim, refaults, swap-in) instead of running, from {@code /proc/pressure/memory}
 * for the whole system or a cgroup v2's {@code memory.pressure}.
 *
 * <p>Public API. Immutable. {@code some}: at least one task was stalled; {@code full}: all
 * non-idle tasks were stalled at once, no CPU did useful work. The averages are percent
 * over the last 10, 60 and 300 seconds; the totals are microseconds of stall since boot
 * (or since the cgroup was made). Where the file is absent (a kernel without
 * {@code CONFIG_PSI}, or booted with {@code psi=0}; a v1 cgroup) or unreadable,
 * {@link #available()} is {@code false}, averages are NaN and totals {@code -1}.
 */
public final class MemoryPressure {
    private static final MemoryPressure UNAVAILABLE = new MemoryPressure(nan(), -1, nan(), -1);

    private final double[] someAverages;
    private final long someTotalMicros;
    private final double[] fullAverages;
    private final long fullTotalMicros;

    private MemoryPressure(double[] someAverages, long someTotalMicros, double[] fullAverages, long fullTotalMicros) {
        this.someAverages = someAverages;
        this.someTotalMicros = someTotalMicros;
        this.fullAverages = fullAverages;
        this.fullTotalMicros = fullTotalMicros;
    }

    private static double[] nan() {
        return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }

    /** Not read: {@link #available()} is {@code false}. */
    static MemoryPressure unavailable() {
        return UNAVAILABLE;
    }

    /**
     * Parses the text of a PSI file ({@code some avg10=0.12 avg60=0.05 avg300=0.01 total=12345}
     * and a {@code full} line). A line missing or garbled leaves its figures unavailable;
     * text with neither line is {@link #unavailable()}.
     */
    static MemoryPressure parse(String text) {
        double[] some = nan();
        double[] full = nan();
        long someTotal = -1;
        long fullTotal = -1;
        for (String line : text.split("\n")) {
            String[] words = line.trim().split(" ");
            if (words.length < 5 || !(words[0].equals("some") || words[0].equals("full"))) {
                continue;
            }
            double[] averages = nan();
            long total = -1;
            boolean ok = true;
            for (int i = 1; i < words.length && ok; i++) {
                int eq = words[i].indexOf('=');
                if (eq < 0) {
                    ok = false;
                    break;
                }
                String key = words[i].substring(0, eq);
                String value = words[i].substring(eq + 1);
                try {
                    switch (key) {
                        case "avg10": averages[0] = percent(value); break;
                        case "avg60": averages[1] = percent(value); break;
                        case "avg300": averages[2] = percent(value); break;
                        case "total": total = Long.parseLong(value); break;
                        default: break;
                    }
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok || total < 0) {
                continue;
            }
            if (words[0].equals("some")) {
                some = averages;
                someTotal = total;
            } else {
                full = averages;
                fullTotal = total;
            }
        }
        if (someTotal < 0 && fullTotal < 0) {
            return UNAVAILABLE;
        }
        return new MemoryPressure(some, someTotal, full, fullTotal);
    }

    private static double percent(String value) {
        double parsed = Double.parseDouble(value);
        if (!(parsed >= 0 && parsed <= 100)) {
            throw new NumberFormatException(value);
        }
        return parsed;
    }

    /** Whether the file was read. */
    public boolean available() {
        return someTotalMicros >= 0 || fullTotalMicros >= 0;
    }

    /** Percent of the last 10 s in which some task waited for memory; NaN when unavailable. */
    public double some10() {
        return someAverages[0];
    }

    public double some60() {
        return someAverages[1];
    }

    public double some300() {
        return someAverages[2];
    }

    /** Microseconds in which some task waited for memory, in all; {@code -1} when unavailable. */
    public long someTotalMicros() {
        return someTotalMicros;
    }

    /** Percent of the last 10 s in which every non-idle task waited for memory at once; NaN when unavailable. */
    public double full10() {
        return fullAverages[0];
    }

    public double full60() {
        return fullAverages[1];
    }

    public double full300() {
        return fullAverages[2];
    }

    /** Microseconds in which every non-idle task waited for memory; {@code -1} when unavailable. */
    public long fullTotalMicros() {
        return fullTotalMicros;
    }

    @Override
    public String toString() {
        if (!available()) {
            return "MemoryPressure[unavailable]";
        }
        return String.format(Locale.ROOT, "MemoryPressure[some %.2f/%.2f/%.2f%% total %d µs, full %.2f/%.2f/%.2f%% total %d µs]",
                some10(), some60(), some300(), someTotalMicros, full10(), full60(), full300(), fullTotalMicros);
    }
}
