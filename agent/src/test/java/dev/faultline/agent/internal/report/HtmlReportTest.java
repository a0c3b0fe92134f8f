package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.Timeline;
import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    private static List<MethodState.Stats> methods(String className, String method) {
        MethodRegistry registry = new MethodRegistry();
        int id = registry.register(className, method, "()V", null, null);
        return List.of(registry.get(id).stats());
    }

    private static Timeline.Points points() {
        Timeline timeline = new Timeline(8);
        timeline.add(0, 0, 1L << 30, 100L << 20, 4L << 30, 0, 0);
        timeline.add(1_000_000_000L, 1000, 1L << 30, 120L << 20, 4L << 30, 5000, 1);
        return timeline.points();
    }

    @Test
    void methodNamesAndPatternsAreEscaped() {
        String page = HtmlReport.page(methods("com.acme.Foo", "<init>"), List.of("com.acme.<x>#\"y\""),
                ProcessMemory.now(), SystemMemory.now(), points());
        assertTrue(page.contains("<code>com.acme.Foo#&lt;init&gt;</code>"), page);
        assertTrue(page.contains("<code>com.acme.&lt;x&gt;#&quot;y&quot;</code> matched no method"), page);
        assertFalse(page.contains("<init>"), page);
    }

    @Test
    void pageHoldsTheTimelineAndTheMethodTableAndNeedsNothingFromTheNetwork() {
        String page = HtmlReport.page(methods("com.acme.Store", "load"), List.of(), ProcessMemory.now(),
                SystemMemory.now(), points());
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), page);
        assertTrue(page.contains("<polyline id=\"rss\""), page);
        assertTrue(page.contains("<th>minor faults</th>"), page);
        assertTrue(page.contains("<tr><td><code>com.acme.Store#load</code></td><td class=\"n\">0</td>"), page);
        assertTrue(page.contains("RSS 100.0 MiB → 120.0 MiB"), page);
        for (String external : List.of("<script", "src=", "href=", "url(", "@import", "<link")) {
            assertFalse(page.contains(external), () -> external + " in\n" + page);
        }
    }

    @Test
    void withoutTwoSamplesThePageSaysThereIsNoTimeline() {
        String page = HtmlReport.page(List.of(), List.of(), ProcessMemory.now(), SystemMemory.now(), null);
        assertTrue(page.contains("No timeline"), page);
        assertFalse(page.contains("<svg"), page);
        assertTrue(page.contains("(no method was traced)"), page);
    }

    @Test
    void markdownReportHasTheMemoryLineOnlyWithATimeline() {
        String with = ExitReport.markdown(List.of(), List.of(), ProcessMemory.now(), SystemMemory.now(), points());
        assertTrue(with.contains("\n- memory over 1.0 s (2 samples): RSS 100.0 MiB → 120.0 MiB (highest 120.0 MiB),"
                + " VmSize up to 1.0 GiB, minor faults +5000 (at most 5000/s), major faults +1 (at most 1/s)\n"), with);
        String without = ExitReport.markdown(List.of(), List.of(), ProcessMemory.now(), SystemMemory.now(), null);
        assertFalse(without.contains("memory over"), without);
    }
}
