package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.TouchApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.DataAmount;
import jdk.jfr.EventType;
import jdk.jfr.Timespan;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code faultline.MethodTrace} JFR event as JMC reads it from a recording: one per
 * traced call, with its duration, faults, Java stack and dump text, and metadata (labels,
 * descriptions, units, category) that JMC shows properly.
 */
class JfrEventTest {
    private static final String EVENT = "faultline.MethodTrace";
    /** 32 MiB of base pages a call: one minor fault each, so the class loading of a first call stays under 1%. */
    private static final int PAGES = 8192;
    private static final int CALLS = 3;
    /** The fields that JFR adds to every duration event with a stack trace. */
    private static final List<String> IMPLICIT = List.of("startTime", "duration", "eventThread", "stackTrace");

    @TempDir
    static Path dir;

    private static AgentJvm.Result traced;
    private static List<RecordedEvent> events;
    private static EventType type;
    private static AgentJvm.Result withoutJfr;
    private static Recording withoutJfrRecording;

    @BeforeAll
    static void record() throws Exception {
        Path off = dir.resolve("jfr-off.jfr");
        CompletableFuture<AgentJvm.Result> offRun = CompletableFuture.supplyAsync(() -> touch(
                "trace=" + TouchApp.TRACED + ",dump=exit,sink=stderr,jfr=false", off));
        Path on = dir.resolve("jfr-on.jfr");
        traced = touch("trace=" + TouchApp.TRACED + ",dump=exit,sink=stderr", on);
        Recording recording = Recording.read(on);
        events = recording.methodTraces;
        type = recording.methodTrace;
        withoutJfr = offRun.get();
        withoutJfrRecording = Recording.read(off);
    }

    private static AgentJvm.Result touch(String options, Path jfr) {
        AgentJvm.Result result = AgentJvm.main(TouchApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString()).options(options)
                .jvmArgs("-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true")
                .args(String.valueOf(PAGES), String.valueOf(CALLS)).run();
        assertEquals(0, result.exitCode, result::toString);
        assertTrue(Files.isRegularFile(jfr), () -> "no recording at " + jfr + "\n" + result);
        return result;
    }

    @Test
    void eachTracedCallIsOneMethodTraceEvent() {
        assertEquals(CALLS, events.size(), () -> EVENT + " events: " + events + "\n" + traced);
        for (RecordedEvent event : events) {
            assertEquals(TouchApp.TRACED, event.getString("method"));
            assertEquals("returned", event.getString("outcome"));
        }
    }

    @Test
    void eventsHaveADuration() {
        for (RecordedEvent event : events) {
            assertTrue(event.getDuration().compareTo(Duration.ZERO) > 0, () -> "duration " + event.getDuration());
        }
    }

    @Test
    void eventDurationIsTheCallsNotTheTracersExitWork() {
        // the dump taken at exit says how long the call took; the event must not add the dump's own cost
        // (a safepoint or preemption between the two clocks' reads can put a few ms between them once
        // on a busy machine: a dump timed into the event would do it every time, so most must agree)
        Pattern callTime = Pattern.compile("\\[thread main, exit, (\\d+\\.\\d{3}) ms,");
        List<String> apart = new java.util.ArrayList<>();
        for (RecordedEvent event : events) {
            Matcher m = callTime.matcher(event.getString("nativeStack"));
            assertTrue(m.find(), () -> "no call duration in the dump: " + event.getString("nativeStack"));
            double callMillis = Double.parseDouble(m.group(1));
            double eventMillis = event.getDuration().toNanos() / 1e6;
            if (Math.abs(eventMillis - callMillis) >= 1.0) {
                apart.add("the event lasts " + eventMillis + " ms, the traced call " + callMillis + " ms");
            }
        }
        assertTrue(apart.size() * 2 < events.size(), () -> apart + " of " + events.size()
                + " events (does the event also time the tracer's exit dump?)");
    }

    @Test
    void minorFaultsCountTheTouchedPages() {
        for (RecordedEvent event : events) {
            long faults = event.getLong("minorFaults");
            assertTrue(Math.abs(faults - PAGES) <= PAGES / 100, () -> "minorFaults " + faults + ", touched " + PAGES);
            assertEquals(0, event.getLong("majorFaults"));
            assertTrue(event.getLong("rssDelta") >= PAGES * 4096L * 9 / 10, () -> "rssDelta " + event.getLong("rssDelta"));
            assertTrue(event.getLong("rss") >= event.getLong("rssDelta"), () -> "rss " + event.getLong("rss"));
        }
    }

    @Test
    void stackTraceHoldsTheTracedMethodAndItsCaller() {
        for (RecordedEvent event : events) {
            assertNotNull(event.getStackTrace(), "no stack trace");
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            int touch = frames.indexOf("dev.faultline.nativebridge.NativeMemory.touch");
            assertTrue(touch >= 0, () -> "no traced method in " + frames);
            assertEquals(TouchApp.class.getName() + ".touchFresh", frames.get(touch + 1), frames::toString);
        }
    }

    @Test
    void nativeStackHoldsTheDumpThatWasPrinted() {
        List<List<String>> printed = AgentJvm.Result.dumps(traced.stderr);
        assertEquals(CALLS, printed.size(), traced::toString);
        for (int i = 0; i < CALLS; i++) {
            assertEquals(String.join("\n", printed.get(i)) + "\n", events.get(i).getString("nativeStack"));
        }
    }

    @Test
    void theRecordingDescribesTheEventType() {
        assertNotNull(type, "no " + EVENT + " type in the recording");
        assertFalse(type.getFields().isEmpty());
    }

    @Test
    void everyFieldHasALabelAndADescription() {
        assertEquals("Method Trace", type.getLabel());
        assertTrue(type.getDescription() != null && !type.getDescription().isBlank(), "event description");
        for (ValueDescriptor field : type.getFields()) {
            if (IMPLICIT.contains(field.getName())) {
                continue;
            }
            assertTrue(field.getLabel() != null && !field.getLabel().isBlank(), () -> field.getName() + ": no @Label");
            assertTrue(field.getDescription() != null && field.getDescription().endsWith("."),
                    () -> field.getName() + ": no one-sentence @Description");
        }
    }

    @Test
    void numbersCarryTheirUnitsAndOnlyCountsGoWithout() {
        Map<String, String> units = new TreeMap<>();
        for (ValueDescriptor field : type.getFields()) {
            if (IMPLICIT.contains(field.getName()) || !field.getTypeName().equals("long")) {
                continue;
            }
            DataAmount amount = field.getAnnotation(DataAmount.class);
            Timespan span = field.getAnnotation(Timespan.class);
            units.put(field.getName(), amount != null ? "DataAmount " + amount.value()
                    : span != null ? "Timespan " + span.value() : "count");
        }
        // a new number field fails here until it has a unit, or is a count and is added to this list
        assertEquals(Map.ofEntries(Map.entry("rssDelta", "DataAmount BYTES"), Map.entry("rss", "DataAmount BYTES"),
                Map.entry("userCpuTime", "Timespan NANOSECONDS"), Map.entry("systemCpuTime", "Timespan NANOSECONDS"),
                Map.entry("minorFaults", "count"), Map.entry("majorFaults", "count"),
                Map.entry("voluntarySwitches", "count"), Map.entry("involuntarySwitches", "count"),
                Map.entry("wallTime", "Timespan NANOSECONDS"), Map.entry("threadCpuTime", "Timespan NANOSECONDS"),
                Map.entry("runQueueWait", "Timespan NANOSECONDS"), Map.entry("blockedTime", "Timespan NANOSECONDS"),
                Map.entry("throttledPeriods", "count"), Map.entry("throttledTime", "Timespan NANOSECONDS")),
                units);
    }

    @Test
    void eventIsInTheFaultlineCategory() {
        assertEquals(List.of("faultline"), type.getCategoryNames());
        assertEquals(EVENT, type.getName());
    }

    @Test
    void withJfrFalseTheRecordingHoldsNoFaultlineEventsButTracingGoesOn() {
        assertTrue(withoutJfrRecording.faultline.isEmpty(), () -> "events: " + withoutJfrRecording.faultline);
        assertTrue(withoutJfrRecording.otherEvents > 0, "the recording is empty: was it taken at all?");
        assertEquals(CALLS, AgentJvm.Result.dumps(withoutJfr.stderr).size(), withoutJfr::toString);
    }

    /** What a recording file holds, for these tests. */
    private static final class Recording {
        /** Every {@code faultline.*} event (the periodic memory events too, where there are any). */
        final List<RecordedEvent> faultline = new ArrayList<>();
        final List<RecordedEvent> methodTraces = new ArrayList<>();
        long otherEvents;
        EventType methodTrace;

        static Recording read(Path file) throws IOException {
            Recording recording = new Recording();
            try (RecordingFile in = new RecordingFile(file)) {
                for (EventType t : in.readEventTypes()) {
                    if (t.getName().equals(EVENT)) {
                        recording.methodTrace = t;
                    }
                }
                while (in.hasMoreEvents()) {
                    RecordedEvent event = in.readEvent();
                    if (event.getEventType().getName().equals(EVENT)) {
                        recording.methodTraces.add(event);
                    }
                    if (event.getEventType().getName().startsWith("faultline.")) {
                        recording.faultline.add(event);
                    } else {
                        recording.otherEvents++;
                    }
                }
            }
            recording.methodTraces.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
            if (recording.methodTrace == null && !recording.methodTraces.isEmpty()) {
                fail("events without their type in " + file);
            }
            return recording;
        }
    }
}
