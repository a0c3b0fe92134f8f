package dev.faultline.agent.internal.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemorySampleTest {

    @Test
    void rateIsTheCounterChangePerSecondOfElapsedTime() {
        assertEquals(16384.0, MemorySample.perSecond(1000, 1000 + 16384, 1_000_000_000L), 1e-9);
        assertEquals(20.0, MemorySample.perSecond(0, 2, 100_000_000L), 1e-9);
        assertEquals(0.5, MemorySample.perSecond(7, 8, 2_000_000_000L), 1e-9);
    }

    @Test
    void rateIsZeroWhenNoTimePassedOrTheCounterWentBackwards() {
        assertEquals(0.0, MemorySample.perSecond(0, 10, 0));
        assertEquals(0.0, MemorySample.perSecond(0, 10, -5));
        assertEquals(0.0, MemorySample.perSecond(10, 9, 1_000_000_000L));
    }

    @Test
    void fractionIsMinusOneWhenEitherSideIsUnknown() {
        assertEquals(0.25, MemorySample.fraction(1, 4), 1e-12);
        assertEquals(1.5, MemorySample.fraction(3, 2), 1e-12);
        assertEquals(-1.0, MemorySample.fraction(-1, 4));
        assertEquals(-1.0, MemorySample.fraction(1, -1));
        assertEquals(-1.0, MemorySample.fraction(1, 0));
    }
}
