package dev.faultline.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.Messages;
import dev.faultline.junit.testing.SampleRun;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryHeadroom;

/**
 * {@code @MemoryBudget(minHeadroom = ...)} in this test JVM, wherever it runs: the figure,
 * the limit that binds and the reason are the native bridge's. Ground truth against a real
 * cgroup limit is in {@link MinHeadroomCgroupTest}.
 */
class HeadroomBudgetTest {
    private static final String SIZE = "(-?\\d+(?:\\.\\d)? (?:B|KiB|MiB|GiB|TiB))";
    private static SampleRun run;
    private static MemoryHeadroom.Bound bound;

    @BeforeAll
    static void runSample() {
        ContainerMemory memory = ContainerMemory.now();
        assumeTrue(memory.available() && memory.headroom().bound() != MemoryHeadroom.Bound.UNKNOWN,
                "the headroom cannot be read in this JVM (" + memory + "): UnreadableHeadroomTest covers that");
        bound = memory.headroom().bound();
        run = SampleRun.of(HeadroomSample.class);
    }

    @Test
    void aFloorNoJvmReachesFailsBeforeAndAfterTheBodyNamingTheHeadroomWhatBindsAndWhy() {
        String message = run.test("needs1000TiBLeft").message();
        String[] lines = message.split("\n");
        String floor = " is below minHeadroom 1000.0 TiB \\(" + bound + " binds: .+\\)";
        assertTrue(Pattern.matches("memory budget exceeded in HeadroomSample.needs1000TiBLeft: headroom " + SIZE
                + " before the test" + floor + "; headroom " + SIZE + " after the test" + floor, lines[0]), message);
        assertEquals(3, lines.length, message);
        String reason = ContainerMemory.now().headroom().reason();
        String opening = reason.substring(0, reason.indexOf(' ', reason.indexOf(' ') + 1)); // "The cgroup", "The system"
        assertTrue(lines[1].startsWith("headroom before the test: " + opening), message);
        assertTrue(lines[2].startsWith("headroom after the test: " + opening), message);

        long shown = Messages.bytes(message, "headroom " + SIZE + " after the test");
        long now = ContainerMemory.now().headroom().bytes();
        // the same figure a moment apart: the system's free memory moves with everything else it runs
        assertTrue(Math.abs(shown - now) <= Math.max(64L << 20, Math.abs(now) / 10),
                () -> "shown " + shown + ", read just after " + now + ": " + message);
    }

    @Test
    void aFloorWithinTheHeadroomPassesAndReportsTheHeadroomBeforeAndAfter() {
        SampleRun.Outcome test = run.test("needs1MiBLeft");
        assertTrue(test.passed(), test::toString);
        List<String> figures = test.entries("faultline.memory");
        assertEquals(1, figures.size(), test::toString);
        assertTrue(Pattern.matches("headroomBefore=" + SIZE + " \\(" + bound + "\\) headroomAfter=" + SIZE + " \\("
                + bound + "\\)", figures.get(0)), figures::toString);
    }
}
