package dev.faultline.nativebridge;

import dev.faultline.nativebridge.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 1,000,000 captures over 4 threads on compiled code, with and without frame pointers. */
class BacktraceStressTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "captures=(\\d+) nativeFrames=(\\d+) shownOutside=(\\d+) unseen=(\\d+) rawAddresses=(\\d+) rawOutside=(\\d+)");

    @Test
    void aMillionCapturesWithFramePointersNeverCrashAndNeverShowAnAddressOutsideExecutableMemory() {
        long[] s = run(List.of("-XX:+PreserveFramePointer"), "4", "250000");
        assertEquals(1_000_000, s[0]);
        assertEquals(0, s[2], "native frames shown outside executable memory");
        assertTrue(s[1] >= 1_000_000L * 6, "every capture shows the native frames below Java: " + s[1]);
    }

    @Test
    void withoutFramePointersRawWalksOutsideExecutableMemoryAreNeverShown() {
        long[] s = run(List.of("-XX:-PreserveFramePointer"), "4", "250000", "raw");
        assertEquals(1_000_000, s[0]);
        assertEquals(0, s[1], "no native frame is shown without frame pointers");
        assertEquals(1_000_000, s[3], "every capture says what it cannot see");
        assertEquals(0, s[2], "raw addresses outside executable memory resolved to a frame");
        assertTrue(s[4] > 1_000_000, "the raw walks ran: " + s[4]);
    }

    private static long[] run(List<String> jvmArgs, String... args) {
        ForkedJvm.Result result = ForkedJvm.run(StressProgram.class, jvmArgs, 600, args);
        assertEquals(0, result.exitCode, result::toString);
        Matcher m = SUMMARY.matcher(result.stdout);
        assertTrue(m.find(), result::toString);
        long[] values = new long[6];
        for (int i = 0; i < 6; i++) {
            values[i] = Long.parseLong(m.group(i + 1));
        }
        System.out.println(jvmArgs + ": " + m.group());
        return values;
    }
}
