package dev.faultline.agent.internal.trace;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dump header's numbers, formatted by hand on the call path, against exact decimal
 * arithmetic (half up, away from zero) and against {@code String.format}, which the
 * dump format was first written with.
 */
class TracerFormatTest {
    private static final BigDecimal MIB = BigDecimal.valueOf(1048576);

    @Test
    void mibHasOneDecimalRoundedHalfUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long bytes = i < 100_000 ? random.nextLong(-(1L << 40), 1L << 40) : random.nextLong(-(1L << 22), 1L << 22);
            String exact = new BigDecimal(bytes).divide(MIB).setScale(1, RoundingMode.HALF_UP).abs().toPlainString();
            assertEquals((bytes < 0 ? "-" : "") + exact + " MiB", Tracer.mib(bytes), "bytes " + bytes);
            assertEquals((bytes < 0 ? "-" : "+") + exact + " MiB", Tracer.signedMib(bytes), "bytes " + bytes);
            if (bytes != 0) {
                assertEquals(String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0), Tracer.mib(bytes));
                assertEquals(String.format(Locale.ROOT, "%+.1f MiB", bytes / 1048576.0), Tracer.signedMib(bytes));
            }
        }
        // ties: 0.25 MiB and 1.75 MiB are exact, and go up
        assertEquals("0.3 MiB", Tracer.mib(262144));
        assertEquals("1.8 MiB", Tracer.mib(1835008));
        assertEquals("-0.3 MiB", Tracer.signedMib(-262144));
        assertEquals("+0.0 MiB", Tracer.signedMib(0));
        assertEquals("0.0 MiB", Tracer.mib(0));
    }

    @Test
    void millisHasThreeDecimalsRoundedHalfUp() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long nanos = i < 100_000 ? random.nextLong(0, 1L << 45) : random.nextLong(0, 10_000_000);
            String exact = BigDecimal.valueOf(nanos).movePointLeft(6).setScale(3, RoundingMode.HALF_UP).toPlainString();
            assertEquals(exact + " ms", Tracer.millis(nanos), "nanos " + nanos);
            if (nanos % 1000 != 500) { // away from ties the double formatting agrees
                assertEquals(String.format(Locale.ROOT, "%.3f ms", nanos / 1e6), Tracer.millis(nanos), "nanos " + nanos);
            }
        }
        assertEquals("0.002 ms", Tracer.millis(1500));
        assertEquals("0.001 ms", Tracer.millis(1499));
        assertEquals("0.000 ms", Tracer.millis(0));
        assertEquals("12.345 ms", Tracer.millis(12_345_000));
    }
}
