package dev.faultline.examples;

import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Example 04: what the kernel did with each mapping, checked against the rules of the mode
 * that the test reads itself from {@code /proc/sys/vm/overcommit_memory}. Committed_AS
 * counts the whole machine, so a charge is checked within 128 MiB.
 */
class Example04OvercommitTest {
    private static final Pattern ATTEMPT = Pattern.compile(
            "^ {4}(plain|MAP_NORESERVE) +(granted, Committed_AS ([+-][\\d,.]+) MiB.*|refused: .*)$", Pattern.MULTILINE);
    private static final double GIB_IN_MIB = 1024;
    private static final double NOISE_MIB = 128;

    @Test
    void eachMappingIsChargedOrRefusedAsThisMachinesModeSays() throws IOException {
        int mode = overcommitMode();
        ForkedJvm.Ran ran = ForkedJvm.of(Example04Overcommit.class).run();
        assertTrue(ran.stdout().startsWith("overcommit mode " + mode + " "), ran.stdout());
        List<MatchResult> attempts = ATTEMPT.matcher(ran.stdout()).results().toList();
        assertEquals(4, attempts.size(), ran.stdout());
        MatchResult plain = attempts.get(0);
        MatchResult noReserve = attempts.get(1);
        MatchResult largePlain = attempts.get(2);
        MatchResult largeNoReserve = attempts.get(3);
        assertEquals(List.of("plain", "MAP_NORESERVE", "plain", "MAP_NORESERVE"),
                attempts.stream().map(m -> m.group(1)).toList());

        switch (mode) {
            case 0, 1 -> {
                assertEquals(GIB_IN_MIB, charge(plain), NOISE_MIB, "a plain 1 GiB mapping is charged in full");
                assertEquals(0, charge(noReserve), NOISE_MIB, "MAP_NORESERVE is not charged");
                assertEquals(0, charge(largeNoReserve), NOISE_MIB, "MAP_NORESERVE passes, uncharged, at any size");
                if (mode == 0) {
                    assertTrue(largePlain.group(2).contains("Cannot allocate memory"),
                            "the heuristic refuses more than RAM + swap: " + largePlain.group());
                } else {
                    assertTrue(largePlain.group(2).startsWith("granted"), "mode 1 refuses nothing");
                }
            }
            case 2 -> {
                if (noReserve.group(2).startsWith("granted")) {
                    assertEquals(GIB_IN_MIB, charge(noReserve), NOISE_MIB, "mode 2 ignores MAP_NORESERVE");
                }
                assertTrue(largePlain.group(2).startsWith("refused") && largeNoReserve.group(2).startsWith("refused"),
                        ran.stdout());
            }
            default -> throw new AssertionError("unknown overcommit mode " + mode);
        }
        assertTrue(ran.stdout().contains("Mode " + mode + " "), "the explanation is of this machine's mode");
    }

    private static double charge(MatchResult attempt) {
        assertTrue(attempt.group(2).startsWith("granted"), attempt.group());
        return Double.parseDouble(attempt.group(3).replace(",", ""));
    }

    private static int overcommitMode() throws IOException {
        // one read at offset 0, as sysctl files want
        try (FileInputStream in = new FileInputStream("/proc/sys/vm/overcommit_memory")) {
            byte[] bytes = new byte[16];
            int n = in.read(bytes);
            assumeTrue(n > 0, "/proc/sys/vm/overcommit_memory is not readable: no overcommit mode to check against");
            return Integer.parseInt(new String(bytes, 0, n, StandardCharsets.US_ASCII).strip());
        } catch (java.io.FileNotFoundException e) {
            assumeTrue(false, "no /proc/sys/vm/overcommit_memory here (not Linux?): " + e.getMessage());
            return -1;
        }
    }
}
