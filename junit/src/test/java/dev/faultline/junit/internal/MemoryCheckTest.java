package dev.faultline.junit.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoryCheckTest {
    @Test
    void countsOfMethodsAndCallsAgreeWithTheirNumber() {
        assertEquals("1 method", MemoryCheck.methods(1));
        assertEquals("0 methods", MemoryCheck.methods(0));
        assertEquals("2 methods", MemoryCheck.methods(2));
        assertEquals("1 call", MemoryCheck.calls(1));
        assertEquals("3 calls", MemoryCheck.calls(3));
    }
}
