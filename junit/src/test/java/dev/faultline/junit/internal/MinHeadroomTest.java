package dev.faultline.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MinHeadroomTest {
    private static final long MIB = 1L << 20;

    @Test
    void aSizeIsTheFloorWhateverTheLimit() {
        MinHeadroom floor = MinHeadroom.parse("64MiB");
        assertFalse(floor.isPercentage());
        assertEquals(64 * MIB, floor.bytes(256 * MIB));
        assertEquals(64 * MIB, floor.bytes(-1));
        assertEquals("64.0 MiB", floor.describe(256 * MIB));
        assertEquals(3L << 29, MinHeadroom.parse(" 1.5 GiB ").bytes(0));
        assertEquals(4096, MinHeadroom.parse("4096").bytes(0));
        assertEquals(0, MinHeadroom.parse("0").bytes(0));
    }

    @Test
    void aPercentageIsSizedAgainstTheLimitThatBindsAndRoundedDown() {
        MinHeadroom floor = MinHeadroom.parse("10%");
        assertTrue(floor.isPercentage());
        assertEquals(26_843_545, floor.bytes(256 * MIB)); // 25.6 MiB less a fifth of a byte
        assertEquals(10 * MIB, floor.bytes(100 * MIB));
        assertEquals("10% of 256.0 MiB = 25.6 MiB", floor.describe(256 * MIB));
        assertEquals(96 * MIB, MinHeadroom.parse("25 %").bytes(384 * MIB));
        assertEquals("2.5%", MinHeadroom.parse("2.50%").toString());
        assertEquals(0, MinHeadroom.parse("0%").bytes(256 * MIB));
        assertEquals(256 * MIB, MinHeadroom.parse("100%").bytes(256 * MIB));
        assertEquals("100%", MinHeadroom.parse("100%").toString());
    }

    @Test
    void textThatIsNeitherASizeNorAPercentageIsRefusedNamingBothForms() {
        assertRefused("12 apples", "bad size '12 apples' (accepted: " + MinHeadroom.ACCEPTED + ")");
        assertRefused("lots", "bad size 'lots' (accepted: " + MinHeadroom.ACCEPTED + ")");
        assertRefused("64MB", "bad size '64MB' (MB is ambiguous: write MiB for 1024-based units) (accepted: "
                + MinHeadroom.ACCEPTED + ")");
        for (String bad : new String[] {"%", "-5%", "ten%", "10%%", "1e1%", "10 MiB%"}) {
            assertRefused(bad, "bad percentage '" + bad + "' (accepted: " + MinHeadroom.ACCEPTED + ")");
        }
        assertEquals("a number with a unit B, KiB, MiB, GiB or TiB, e.g. \"64MiB\", \"1.5GiB\"; a number alone is"
                + " bytes; or a percentage of the limit that binds, from 0% to 100%, e.g. \"10%\"", MinHeadroom.ACCEPTED);
    }

    @Test
    void aPercentageAbove100IsRefused() {
        assertRefused("150%", "bad percentage '150%' (above 100%: no more than the whole limit can be left)"
                + " (accepted: " + MinHeadroom.ACCEPTED + ")");
        assertRefused("100.5%", "bad percentage '100.5%' (above 100%: no more than the whole limit can be left)"
                + " (accepted: " + MinHeadroom.ACCEPTED + ")");
    }

    private static void assertRefused(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MinHeadroom.parse(text), text);
        assertEquals(message, e.getMessage());
    }
}
