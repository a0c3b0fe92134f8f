package dev.faultline.agent.internal.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteAmountTest {

    @Test
    void amountsUseTheLargestUnitThatKeepsOneOrMore() {
        assertEquals("0 B", ByteAmount.format(0));
        assertEquals("1023 B", ByteAmount.format(1023));
        assertEquals("1.0 KiB", ByteAmount.format(1024));
        assertEquals("412.3 MiB", ByteAmount.format(Math.round(412.3 * 1048576)));
        assertEquals("2.0 GiB", ByteAmount.format(2L << 30));
        assertEquals("8.0 EiB", ByteAmount.format(Long.MAX_VALUE));
        assertEquals("n/a", ByteAmount.format(-1));
    }

    @Test
    void percentRoundsToWholeNumbers() {
        assertEquals("41%", ByteAmount.percent(0.41));
        assertEquals("100%", ByteAmount.percent(1));
        assertEquals("n/a", ByteAmount.percent(-1));
    }
}
