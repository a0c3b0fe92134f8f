package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.MemoryTimelineApp;
import dev.faultline.agent.it.platformapps.TouchApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report=PATH.html}: the page an app that touches {@value #PAGES} fresh pages in each
 * of {@value #CALLS} traced calls, {@value #PAUSE_MILLIS} ms apart, leaves at exit.
 */
class HtmlReportTest {
    private static final int PAGES = 4096;
    private static final int CALLS = 4;
    private static final int PAUSE_MILLIS = 300;

    @TempDir
    static Path dir;

    private static AgentJvm.Result run;
    private static String page;

    @BeforeAll
    static void writeReport() throws Exception {
        Path html = dir.resolve("report/run.html");
        run = AgentJvm.main(MemoryTimelineApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("trace=" + TouchApp.TRACED + ",dump=none,period=100ms,report=" + html)
                .args(String.valueOf(PAGES), String.valueOf(CALLS), String.valueOf(PAUSE_MILLIS)).run();
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(Files.isRegularFile(html), () -> "no report at " + html + "\n" + run);
        page = Files.readString(html, StandardCharsets.UTF_8);
    }

    private static List<String> polylinePoints(String id) {
        Matcher m = Pattern.compile("<polyline id=\"" + id + "\"[^>]* points=\"([^\"]*)\"").matcher(page);
        assertTrue(m.find(), () -> "no " + id + " series in\n" + page);
        return List.of(m.group(1).split(" "));
    }

    @Test
    void pageHasAnSvgTimelineWithEachSeries() {
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertEquals(1, page.split("<svg ", -1).length - 1, "one svg");
        // about 1.5 s at 100 ms: more than a dozen samples, every one a point (far below the cap)
        int points = polylinePoints("rss").size();
        assertTrue(points >= 10, () -> points + " points");
        for (String id : List.of("vmsize", "committed", "minor-faults", "major-faults")) {
            assertEquals(points, polylinePoints(id).size(), id);
        }
    }

    @Test
    void summaryCountsAtLeastTheTouchedPagesAsMinorFaults() {
        Matcher m = Pattern.compile("minor faults \\+(\\d+) \\(at most (\\d+)/s\\)").matcher(page);
        assertTrue(m.find(), page);
        long faults = Long.parseLong(m.group(1));
        assertTrue(faults >= (long) PAGES * CALLS, () -> "minor faults " + faults);
        long highestRate = Long.parseLong(m.group(2));
        // PAGES pages touched in a few ms, seen within one 100 ms period (or split over two)
        assertTrue(highestRate >= PAGES * 0.45 / 0.1, () -> "highest rate " + highestRate);
    }

    @Test
    void methodTableHasTheTracedMethodWithItsCalls() {
        String row = "<tr><td><code>" + TouchApp.TRACED + "</code></td><td class=\"n\">" + CALLS + "</td>";
        assertTrue(page.contains(row), () -> "no row " + row + " in\n" + page);
        assertTrue(page.contains("<th>RSS change</th>"), page);
    }

    @Test
    void pageLoadsNothingFromElsewhere() {
        for (String external : List.of("<script", "src=", "href=", "url(", "@import", "<link")) {
            assertFalse(page.contains(external), () -> external + " in the page");
        }
    }
}
