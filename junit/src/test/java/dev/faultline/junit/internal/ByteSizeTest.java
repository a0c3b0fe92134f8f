package dev.faultline.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void binaryUnitsAreFactorsOf1024() {
        assertEquals(4096, ByteSize.parse("4096"));
        assertEquals(4096, ByteSize.parse("4096B"));
        assertEquals(512 * 1024L, ByteSize.parse("512KiB"));
        assertEquals(64L << 20, ByteSize.parse("64MiB"));
        assertEquals(64L << 20, ByteSize.parse(" 64 MiB "));
        assertEquals(3L << 29, ByteSize.parse("1.5GiB"));
        assertEquals(2L << 40, ByteSize.parse("2TiB"));
        assertEquals(0, ByteSize.parse("0MiB"));
    }

    @Test
    void unitsIgnoreCase() {
        assertEquals(64L << 20, ByteSize.parse("64mib"));
        assertEquals(1L << 30, ByteSize.parse("1GIB"));
    }

    @Test
    void fractionsOfAByteRoundDown() {
        assertEquals(1536, ByteSize.parse("1.5KiB"));
        assertEquals(1, ByteSize.parse("1.9B"));
    }

    @Test
    void decimalUnitsAreRefusedAsAmbiguous() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("1GB"));
        assertEquals("bad size '1GB' (GB is ambiguous: write GiB for 1024-based units) (accepted: " + ByteSize.ACCEPTED
                + ")", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("8kb"));
        assertEquals("bad size '8kb' (kb is ambiguous: write KiB for 1024-based units) (accepted: " + ByteSize.ACCEPTED
                + ")", e.getMessage());
    }

    @Test
    void otherTextIsRefusedNamingIt() {
        for (String bad : new String[] {"", "MiB", "-1MiB", "64 megs", "1e6", "64MiB and more", "1,5GiB"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(bad), bad);
            assertEquals("bad size '" + bad + "' (accepted: " + ByteSize.ACCEPTED + ")", e.getMessage());
        }
    }

    @Test
    void sizesBeyondALongAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteSize.parse("9000000TiB"));
        assertEquals("bad size '9000000TiB' (more than 9223372036854775807 bytes) (accepted: " + ByteSize.ACCEPTED + ")",
                e.getMessage());
    }

    @Test
    void formatUsesTheLargestUnitWithOneDecimal() {
        assertEquals("0 B", ByteSize.format(0));
        assertEquals("1023 B", ByteSize.format(1023));
        assertEquals("1.0 KiB", ByteSize.format(1024));
        assertEquals("64.0 MiB", ByteSize.format(64L << 20));
        assertEquals("1.5 GiB", ByteSize.format(3L << 29));
        assertEquals("-8.0 MiB", ByteSize.format(-(8L << 20)));
    }
}
