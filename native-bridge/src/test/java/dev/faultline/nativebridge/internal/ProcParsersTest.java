package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcParsersTest {

    @Test
    void keyedValuesFindsEachLineByItsWholeKey() {
        byte[] text = bytes("Name:\tjava\nVmPeak:\t  100 kB\nVmSize:\t   90 kB\nVmRSS:\t 40 kB\n"
                + "RssAnon:\t30 kB\nSwapPss:  7 kB\nSwap:\t 3 kB\n");
        long[] out = new long[4];
        int found = ProcParsers.keyedValues(text, text.length,
                ProcParsers.Keys.of("VmSize", "VmRSS", "Swap", "VmSwap"), out);
        assertEquals(3, found);
        assertArrayEquals(new long[] {90, 40, 3, -1}, out, "Swap is not SwapPss; VmSwap is missing");
    }

    @Test
    void keyedValuesReadsOnlyTheGivenLength() {
        byte[] text = bytes("A: 1\nB: 2\n");
        long[] out = new long[2];
        ProcParsers.keyedValues(text, 5, ProcParsers.Keys.of("A", "B"), out);
        assertArrayEquals(new long[] {1, -1}, out);
    }

    @Test
    void statFieldsAreCountedAfterTheLastParenthesisOfTheCommand() {
        byte[] text = bytes("4242 (we) ird (x) name) S 1 2 3 0 -1 4194560 777 5 9 0 11 12\n");
        int after = ProcParsers.afterComm(text, text.length);
        assertEquals(-1, ProcParsers.field(text, after, text.length, 0), "field 3, the state, is not a number");
        assertEquals(1, ProcParsers.field(text, after, text.length, 1), "field 4, ppid");
        assertEquals(-1, ProcParsers.field(text, after, text.length, 5), "field 8, tpgid -1, is not unsigned");
        assertEquals(777, ProcParsers.field(text, after, text.length, 10 - 3), "field 10, minflt");
        assertEquals(9, ProcParsers.field(text, after, text.length, 12 - 3), "field 12, majflt");
        assertEquals(-1, ProcParsers.field(text, after, text.length, 40), "past the end");
    }

    @Test
    void aNumberTooLargeForALongSaturates() {
        byte[] text = bytes("18446744073709551615 12\n");
        assertEquals(Long.MAX_VALUE, ProcParsers.field(text, 0, text.length, 0));
        assertEquals(12, ProcParsers.field(text, 0, text.length, 1));
    }

    @Test
    void singleReadsAFileOfOneNumberAndRejectsWords() {
        byte[] limit = bytes("9223372036854771712\n");
        assertEquals(9223372036854771712L, ProcParsers.single(limit, limit.length));
        byte[] max = bytes("max\n");
        assertEquals(-1, ProcParsers.single(max, max.length));
        assertEquals(-1, ProcParsers.single(new byte[0], 0));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
