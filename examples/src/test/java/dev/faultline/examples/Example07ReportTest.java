package dev.faultline.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example 07: the suite {@code dev.faultline.examples.ci.Example07InventoryTest}, run by
 * surefire under the agent before this test (execution {@code example-07-under-the-agent}),
 * left a report that lists the traced methods with the calls the suite made: {@code load}
 * three times, {@code totalQuantity} once.
 */
class Example07ReportTest {
    private static final Path REPORT = ForkedJvm.TARGET.resolve("faultline-report.md");
    private static final Path DUMPS = ForkedJvm.TARGET.resolve("faultline-dumps.log");

    @Test
    void theSuiteRunUnderTheAgentLeftAReportOfTheTracedMethods() throws IOException {
        assertTrue(Files.isRegularFile(REPORT), REPORT.toAbsolutePath() + " is written by the surefire execution"
                + " example-07-under-the-agent, which runs before this test");
        String report = Files.readString(REPORT, StandardCharsets.UTF_8);
        assertTrue(report.startsWith("# faultline report"), report);
        assertEquals(3, calls(report, "load"), report);
        assertEquals(1, calls(report, "totalQuantity"), report);
    }

    @Test
    void theSuitesDumpsWentToTheFileSink() throws IOException {
        assertTrue(Files.isRegularFile(DUMPS), DUMPS.toAbsolutePath().toString());
        String dumps = Files.readString(DUMPS, StandardCharsets.UTF_8);
        assertTrue(dumps.contains("dev.faultline.examples.Example07Inventory.load(Example07Inventory.java:"), dumps);
        assertTrue(dumps.contains("dev.faultline.examples.ci.Example07InventoryTest."), "the test method below it");
    }

    /** The calls column of the report's row for {@code Example07Inventory#method}. */
    private static long calls(String report, String method) {
        Matcher row = Pattern.compile("^\\| `dev\\.faultline\\.examples\\.Example07Inventory#" + method
                + "` \\| (\\d+) \\|", Pattern.MULTILINE).matcher(report);
        assertTrue(row.find(), "a row for " + method);
        return Long.parseLong(row.group(1));
    }
}
