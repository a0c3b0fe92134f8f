package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.MemoryTimelineApp;
import dev.faultline.agent.it.platformapps.ProcFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.DataAmount;
import jdk.jfr.EventType;
import jdk.jfr.Frequency;
import jdk.jfr.Percentage;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory monitor's periodic JFR events, {@code faultline.ProcessMemory} and
 * {@code faultline.Overcommit}, in a recording taken with {@code -XX:StartFlightRecording}
 * of an app that touches {@value #PAGES} fresh pages {@value #CALLS} times: how often they
 * come (the {@code period} option), their values against {@code /proc}, and the metadata
 * JMC shows.
 */
class MemoryJfrTest {
    private static final int PAGES = 8192;
    private static final int CALLS = 3;
    private static final long PERIOD_MILLIS = 200;
    private static final List<String> IMPLICIT = List.of("startTime", "duration", "eventThread", "stackTrace");

    @TempDir
    static Path dir;

    private static AgentJvm.Result run;
    private static List<RecordedEvent> process;
    private static List<RecordedEvent> overcommit;
    private static Map<String, EventType> types;
    private static List<RecordedEvent> withoutJfr;

    @BeforeAll
    static void record() throws Exception {
        Path off = dir.resolve("off.jfr");
        CompletableFuture<AgentJvm.Result> offRun = CompletableFuture.supplyAsync(() -> start("jfr=false,", off));
        Path on = dir.resolve("on.jfr");
        run = start("", on);
        types = new TreeMap<>();
        process = read(on, "faultline.ProcessMemory");
        overcommit = read(on, "faultline.Overcommit");
        offRun.get();
        withoutJfr = read(off, "faultline.ProcessMemory");
        withoutJfr.addAll(read(off, "faultline.Overcommit"));
    }

    private static AgentJvm.Result start(String options, Path jfr) {
        AgentJvm.Result result = AgentJvm.main(MemoryTimelineApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options(options + "period=" + PERIOD_MILLIS + "ms")
                .jvmArgs("-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true")
                .args(String.valueOf(PAGES), String.valueOf(CALLS), "400").run();
        assertEquals(0, result.exitCode, result::toString);
        assertTrue(Files.isRegularFile(jfr), () -> "no recording at " + jfr + "\n" + result);
        return result;
    }

    private static List<RecordedEvent> read(Path file, String name) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        try (RecordingFile in = new RecordingFile(file)) {
            for (EventType type : in.readEventTypes()) {
                types.put(type.getName(), type);
            }
            while (in.hasMoreEvents()) {
                RecordedEvent event = in.readEvent();
                if (event.getEventType().getName().equals(name)) {
                    events.add(event);
                }
            }
        }
        events.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
        return events;
    }

    private static long appFigure(String key) {
        for (String line : run.stdout.split("\\R")) {
            if (line.startsWith(key + "=")) {
                return Long.parseLong(line.substring(key.length() + 1));
            }
        }
        throw new AssertionError("the app printed no " + key + "\n" + run);
    }

    @Test
    void eventsComeOncePerPeriod() {
        // the app runs at least 1.6 s; one event a period from the monitor's start, a moment after the
        // JVM's (no last one at exit without a report): at least 1.6 s less two periods apart (on a
        // loaded host the monitor's start and the last tick may each slip by up to a period; seen: 1,399 ms)
        long span = Duration.between(process.get(0).getStartTime(),
                process.get(process.size() - 1).getStartTime()).toMillis();
        assertTrue(span >= 1600 - 2 * PERIOD_MILLIS, () -> "events over " + span + " ms");
        assertTrue(process.size() >= span / PERIOD_MILLIS - 1 && process.size() <= span / PERIOD_MILLIS + 3,
                () -> process.size() + " ProcessMemory events over " + span + " ms");
        // one sample, two events: a recording that starts (or ends) between the two commits has one of them only
        assertTrue(Math.abs(process.size() - overcommit.size()) <= 1,
                () -> process.size() + " ProcessMemory events, " + overcommit.size() + " Overcommit events");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < process.size(); i++) {
            gaps.add(Duration.between(process.get(i - 1).getStartTime(), process.get(i).getStartTime()).toMillis());
        }
        Collections.sort(gaps);
        long median = gaps.get(gaps.size() / 2);
        assertTrue(median >= PERIOD_MILLIS * 3 / 4 && median <= PERIOD_MILLIS * 3 / 2, () -> "gaps " + gaps);
    }

    @Test
    void faultTotalsGrowByAtLeastTheTouchedPagesAndRatesMatchThem() {
        RecordedEvent first = process.get(0);
        RecordedEvent last = process.get(process.size() - 1);
        long grown = last.getLong("minorFaults") - first.getLong("minorFaults");
        assertTrue(grown >= (long) PAGES * CALLS, () -> "minor faults grew by " + grown);
        for (int i = 1; i < process.size(); i++) {
            RecordedEvent a = process.get(i - 1);
            RecordedEvent b = process.get(i);
            double seconds = Duration.between(a.getStartTime(), b.getStartTime()).toNanos() / 1e9;
            double expected = (b.getLong("minorFaults") - a.getLong("minorFaults")) / seconds;
            double rate = b.getDouble("minorFaultRate");
            int at = i;
            assertTrue(Math.abs(rate - expected) <= expected * 0.2 + 50, () -> "event " + at + ": rate " + rate
                    + "/s, totals say " + expected + "/s");
        }
    }

    @Test
    void rssFollowsProcAndItsPartsAddUp() {
        long peak = 0;
        for (RecordedEvent e : process) {
            long parts = e.getLong("rssAnon") + e.getLong("rssFile") + e.getLong("rssShmem");
            assertEquals(e.getLong("rss"), parts, "VmRSS is RssAnon + RssFile + RssShmem");
            assertTrue(e.getLong("vmSize") > e.getLong("rss"));
            peak = Math.max(peak, e.getLong("peakRss"));
        }
        long appRss = appFigure("VmRSS");
        long lastRss = process.get(process.size() - 1).getLong("rss");
        assertTrue(Math.abs(lastRss - appRss) <= appRss / 4, () -> "last event rss " + lastRss + ", the app's " + appRss);
        long hwm = appFigure("VmHWM");
        long eventPeak = peak;
        assertTrue(eventPeak >= hwm * 9 / 10 && eventPeak <= hwm * 11 / 10, () -> "peakRss " + eventPeak + ", VmHWM " + hwm);
    }

    @Test
    void overcommitFiguresAreExactlyTheSystemsOwn() throws IOException {
        long limit = kb("CommitLimit");
        long total = kb("MemTotal");
        long mode = ProcFacts.number("/proc/sys/vm/overcommit_memory");
        long ratio = ProcFacts.number("/proc/sys/vm/overcommit_ratio");
        for (RecordedEvent e : overcommit) {
            assertEquals(limit, e.getLong("commitLimit"));
            assertEquals(total, e.getLong("memTotal"));
            assertEquals(mode, e.getInt("modeValue"));
            assertEquals(new String[] {"heuristic", "always", "never"}[(int) mode], e.getString("mode"));
            assertEquals(ratio / 100.0, e.getDouble("overcommitRatio"), 1e-9);
            double fraction = e.getDouble("committedFraction");
            assertEquals((double) e.getLong("committedAs") / limit, fraction, 1e-9);
        }
    }

    private static long kb(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new AssertionError("no " + key + " in /proc/meminfo");
    }

    @Test
    void everyFieldHasALabelADescriptionAndAUnitUnlessItIsACountOrText() {
        Map<String, String> units = new TreeMap<>();
        for (String name : List.of("faultline.ProcessMemory", "faultline.Overcommit")) {
            EventType type = types.get(name);
            assertNotNull(type, name + " is not in the recording");
            assertEquals(List.of("faultline"), type.getCategoryNames());
            assertTrue(type.getDescription() != null && type.getDescription().endsWith("."), name);
            for (ValueDescriptor field : type.getFields()) {
                if (IMPLICIT.contains(field.getName())) {
                    continue;
                }
                assertTrue(field.getLabel() != null && !field.getLabel().isBlank(), () -> field.getName() + ": no @Label");
                assertTrue(field.getDescription() != null && field.getDescription().endsWith("."),
                        () -> field.getName() + ": no one-sentence @Description");
                DataAmount amount = field.getAnnotation(DataAmount.class);
                units.put(name.substring(10) + "." + field.getName(), amount != null ? "bytes"
                        : field.getAnnotation(Frequency.class) != null ? "per second"
                        : field.getAnnotation(Percentage.class) != null ? "percentage" : field.getTypeName());
            }
        }
        // a new field fails here until it has its unit (or is a count or text) and is added to this list
        Map<String, String> expected = new TreeMap<>();
        for (String f : List.of("vmSize", "rss", "rssAnon", "rssFile", "rssShmem", "swap", "peakRss")) {
            expected.put("ProcessMemory." + f, "bytes");
        }
        expected.put("ProcessMemory.minorFaults", "long");
        expected.put("ProcessMemory.majorFaults", "long");
        expected.put("ProcessMemory.minorFaultRate", "per second");
        expected.put("ProcessMemory.majorFaultRate", "per second");
        for (String f : List.of("overcommitBytes", "commitLimit", "committedAs", "memTotal", "memAvailable",
                "cgroupLimit", "cgroupUsage")) {
            expected.put("Overcommit." + f, "bytes");
        }
        expected.put("Overcommit.mode", "java.lang.String");
        expected.put("Overcommit.modeValue", "int");
        expected.put("Overcommit.overcommitRatio", "percentage");
        expected.put("Overcommit.committedFraction", "percentage");
        assertEquals(expected, units);
    }

    @Test
    void eventsCarryNoStackTrace() {
        for (RecordedEvent e : process) {
            assertNull(e.getStackTrace(), "a periodic sample has no call site worth a stack");
        }
        for (RecordedEvent e : overcommit) {
            assertNull(e.getStackTrace());
        }
    }

    @Test
    void withJfrFalseThereAreNoMemoryEvents() {
        assertTrue(withoutJfr.isEmpty(), () -> withoutJfr.size() + " memory events with jfr=false");
    }
}
