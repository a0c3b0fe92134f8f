package dev.faultline.junit;

import static dev.faultline.junit.CgroupHeadroomSample.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.ForkedSampleRun;
import dev.faultline.junit.testing.Messages;
import dev.faultline.junit.testing.ScratchMemoryCgroup;

/**
 * {@code minHeadroom} in a real v1 memory cgroup limited to {@link #LIMIT}: a JVM started
 * inside it (a shell joins the cgroup, then becomes the JVM) runs
 * {@link CgroupHeadroomSample}, whose bodies leave a known part of the limit unused by the
 * kernel's own {@code memory.usage_in_bytes}. Ground truth: the headroom the budget sees is
 * the limit less that usage, and the cgroup's limit is what binds. Needs root and the v1
 * memory hierarchy; skipped, saying why, without them.
 */
class MinHeadroomCgroupTest {
    private static final long LIMIT = 384 * MIB;
    /** What the kernel's usage may move between the body's read of it and the budget's (a few allocations). */
    private static final long SLACK = 2 * MIB;
    private static final String SIZE = "(\\d+\\.\\d MiB)";
    private static ScratchMemoryCgroup cgroup;
    private static ForkedSampleRun run;

    @BeforeAll
    static void runTheSampleInACgroup() throws IOException {
        cgroup = ScratchMemoryCgroup.withLimit(LIMIT);
        long swapFree = meminfo("SwapFree");
        assumeTrue(swapFree < 16 * MIB, "the system has " + swapFree / MIB + " MiB of swap free, which the cgroup may"
                + " use on top of its limit: the headroom would not fall below the sample's floors");
        // a pre-touched heap of fixed size: charged once at start-up, it does not grow during the tests
        run = ForkedSampleRun.of(cgroup.enter(), List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-D" + CgroupHeadroomSample.CGROUP + "=" + cgroup.directory), CgroupHeadroomSample.class);
    }

    @AfterAll
    static void removeTheCgroup() throws IOException {
        if (cgroup != null) {
            cgroup.close();
        }
    }

    @Test
    void aTestThatLeavesLessThanTheFloorFailsNamingTheHeadroomTheCgroupsLimitAndWhy() {
        ForkedSampleRun.Outcome test = run.test("leaves32MiBUnderA64MiBFloor");
        String message = test.message();
        long headroom = afterTheTest(message, "minHeadroom 64.0 MiB");
        assertLeft(32 * MIB, headroom, test);
        assertEquals(LIMIT - usage(test), headroom, SLACK, message);
        assertFalse(message.contains("before the test"), "the floor was not reached before the body: " + message);
        String[] lines = message.split("\n");
        assertEquals(2, lines.length, message);
        String shown = lines[0].substring(lines[0].indexOf(": headroom ") + 11, lines[0].indexOf(" after the test"));
        assertTrue(lines[1].startsWith("headroom after the test: The cgroup /" + cgroup.name + " may be charged "
                + shown + " more (limit 384.0 MiB, usage "), message);
        assertTrue(lines[1].endsWith("OOM-kills the process in it with the highest oom_score."), message);
    }

    @Test
    void aTestThatLeavesMoreThanTheFloorPassesAndReportsTheHeadroom() {
        ForkedSampleRun.Outcome test = run.test("leaves128MiBOverA64MiBFloor");
        assertTrue(test.passed(), test::toString);
        long after = reported(test);
        assertLeft(128 * MIB, after, test);
        assertEquals(LIMIT - usage(test), after, SLACK, test::toString);
    }

    @Test
    void aPercentageIsOfTheCgroupsLimit() {
        ForkedSampleRun.Outcome under = run.test("leaves32MiBUnderAQuarterOfTheLimit");
        long headroom = afterTheTest(under.message(), "minHeadroom 25% of 384.0 MiB = 96.0 MiB");
        assertLeft(32 * MIB, headroom, under);
        assertEquals(LIMIT - usage(under), headroom, SLACK, under::toString);

        ForkedSampleRun.Outcome over = run.test("leaves128MiBOverATenthOfTheLimit"); // 38.4 MiB
        assertTrue(over.passed(), over::toString);
        assertLeft(128 * MIB, reported(over), over);
    }

    @Test
    void aFloorAboveTheLimitFailsBeforeAndAfterTheBody() {
        ForkedSampleRun.Outcome test = run.test("startsUnderAFloorAboveTheLimit");
        String message = test.message();
        String floor = " is below minHeadroom 1.0 GiB \\(CGROUP_LIMIT binds: memory.limit_in_bytes 384.0 MiB of the"
                + " cgroup /" + Pattern.quote(cgroup.name) + "\\)";
        Matcher m = Pattern.compile("^memory budget exceeded in CgroupHeadroomSample.startsUnderAFloorAboveTheLimit:"
                + " headroom " + SIZE + " before the test" + floor + "; headroom " + SIZE + " after the test" + floor
                + "\nheadroom before the test: The cgroup /" + Pattern.quote(cgroup.name) + " may be charged .*"
                + "\nheadroom after the test: The cgroup /" + Pattern.quote(cgroup.name) + " may be charged .*$")
                .matcher(message);
        assertTrue(m.matches(), message);
        // the body only reads the usage: the JVM's own memory is all there is, before as after
        long usage = usage(test);
        assertEquals(LIMIT - usage, Messages.bytes(m.group(1), SIZE), SLACK, message);
        assertEquals(LIMIT - usage, Messages.bytes(m.group(2), SIZE), SLACK, message);
    }

    /** The headroom after the test in the first line of a failure over {@code floor}, which the cgroup's limit sets. */
    private long afterTheTest(String message, String floor) {
        String line = message.split("\n")[0];
        Matcher m = Pattern.compile("^memory budget exceeded in CgroupHeadroomSample\\.\\w+: headroom " + SIZE
                + " after the test is below " + Pattern.quote(floor) + " \\(CGROUP_LIMIT binds: memory.limit_in_bytes"
                + " 384\\.0 MiB of the cgroup /" + Pattern.quote(cgroup.name) + "\\)$").matcher(line);
        assertTrue(m.matches(), message);
        return Messages.bytes(m.group(1), SIZE);
    }

    /** The headroom after the test in the {@code faultline.memory} report entry of a test that passed. */
    private static long reported(ForkedSampleRun.Outcome test) {
        List<String> figures = test.entries("faultline.memory");
        assertEquals(1, figures.size(), test::toString);
        assertTrue(Pattern.matches("headroomBefore=" + SIZE + " \\(CGROUP_LIMIT\\) headroomAfter=" + SIZE
                + " \\(CGROUP_LIMIT\\)", figures.get(0)), test::toString);
        return Messages.bytes(figures.get(0), "headroomAfter=" + SIZE);
    }

    /** The cgroup's usage as the kernel wrote it at the end of the body. */
    private static long usage(ForkedSampleRun.Outcome test) {
        List<String> usage = test.entries("cgroup.usage");
        assertEquals(1, usage.size(), test::toString);
        return Long.parseLong(usage.get(0));
    }

    /** The body aimed at {@code target} left: within 8 MiB (it touches whole pages, the JVM allocates meanwhile). */
    private static void assertLeft(long target, long headroom, ForkedSampleRun.Outcome test) {
        assertEquals(target, headroom, 8 * MIB, test::toString);
    }

    private static long meminfo(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim()) * 1024;
            }
        }
        return 0;
    }
}
