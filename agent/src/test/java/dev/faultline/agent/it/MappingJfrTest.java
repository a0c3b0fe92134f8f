package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.MapFileApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.DataAmount;
import jdk.jfr.EventType;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Percentage;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline.Mapping} and {@code faultline.MappingResidency} in a JFR recording of a
 * JVM that maps a 1 GiB region of a sparse file and touches an eighth, then a quarter of
 * its pages ({@link MapFileApp}): one event for the mapping with its size, file and the
 * mapping call's frame, and residency samples that grow to the quarter that mincore
 * reports in the same JVM.
 */
class MappingJfrTest {
    private static final String MAPPING = "faultline.Mapping";
    private static final String RESIDENCY = "faultline.MappingResidency";
    private static final long PERIOD_MILLIS = 200;
    /** How far a residency share may be from the expected one: readahead brings in a few MiB beyond the touched pages. */
    private static final double SHARE_TOLERANCE = 0.03;

    @TempDir
    static Path dir;

    private static AgentJvm.Result run;
    private static Map<String, String> printed;
    private static final List<RecordedEvent> mappings = new ArrayList<>();
    private static final List<RecordedEvent> samples = new ArrayList<>();
    private static final Map<String, EventType> types = new HashMap<>();

    @BeforeAll
    static void record() throws IOException {
        Path jfr = dir.resolve("mapping.jfr");
        run = AgentJvm.main(MapFileApp.class).classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("sink=stderr,period=" + PERIOD_MILLIS + "ms")
                .jvmArgs("-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true",
                        "-Dperiod.millis=" + PERIOD_MILLIS)
                .args(dir.toString()).run();
        assertEquals(0, run.exitCode, run::toString);
        printed = new HashMap<>();
        for (String line : run.stdout.split("\\R")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                printed.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        try (RecordingFile in = new RecordingFile(jfr)) {
            for (EventType t : in.readEventTypes()) {
                types.put(t.getName(), t);
            }
            while (in.hasMoreEvents()) {
                RecordedEvent event = in.readEvent();
                if (event.getEventType().getName().equals(MAPPING)) {
                    mappings.add(event);
                } else if (event.getEventType().getName().equals(RESIDENCY)) {
                    samples.add(event);
                }
            }
        }
        samples.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
    }

    private static String truth(String key) {
        String line = printed.get("TRUTH");
        assertNotNull(line, run::toString);
        for (String pair : line.split(" ")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " in TRUTH " + line);
    }

    private static RecordedEvent theMapping() {
        List<RecordedEvent> ours = new ArrayList<>();
        for (RecordedEvent e : mappings) {
            if (truth("path").equals(e.getString("file"))) {
                ours.add(e);
            }
        }
        assertEquals(1, ours.size(), () -> "events for the region: " + mappings + "\n" + run);
        return ours.get(0);
    }

    private static List<RecordedEvent> samplesOfTheMapping() {
        long address = Long.parseLong(truth("address"));
        List<RecordedEvent> ours = new ArrayList<>();
        for (RecordedEvent e : samples) {
            if (e.getLong("address") == address) {
                ours.add(e);
            }
        }
        return ours;
    }

    @Test
    void theMappingEventHasTheSizeFileAndAddressOfTheMapping() {
        RecordedEvent event = theMapping();
        assertEquals(1L << 30, event.getLong("size"));
        assertEquals("FileChannel.map", event.getString("kind"));
        assertEquals(Long.parseLong(truth("address")), event.getLong("address"), "the start in /proc/self/maps");
        assertEquals(Long.parseLong(truth("size")), event.getLong("size"));
    }

    @Test
    void theMappingEventsStackAndOriginHoldTheMapCall() {
        RecordedEvent event = theMapping();
        int line = Integer.parseInt(printed.get("MAPLINE"));
        assertEquals("FileChannel.map at com.acme.MapFileApp.mapRegion(MapFileApp.java:" + line + ")",
                event.getString("origin"));
        List<String> frames = new ArrayList<>();
        int at = -1;
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            if (at < 0 && name.equals("com.acme.MapFileApp.mapRegion")) {
                at = frames.size();
                assertEquals(line, frame.getLineNumber(), "the line of the map call");
            }
            frames.add(name);
        }
        assertTrue(at > 0, () -> "no mapRegion frame in " + frames);
        assertEquals("com.acme.MapFileApp.main", frames.get(at + 1), frames::toString);
        assertTrue(frames.subList(0, at).contains("sun.nio.ch.FileChannelImpl.map"), frames::toString);
    }

    @Test
    void residencySamplesGrowToTheQuarterThatMincoreReports() {
        List<RecordedEvent> ours = samplesOfTheMapping();
        assertTrue(ours.size() >= 3, () -> "residency samples: " + ours + "\n" + run);
        double truth = Double.parseDouble(truth("resident")) / (1L << 30);
        assertEquals(0.25, truth, SHARE_TOLERANCE, "mincore's own figure after touching a quarter");
        RecordedEvent last = ours.get(ours.size() - 1);
        assertEquals(truth, last.getDouble("residentShare"), 0.005, () -> "last sample " + last);
        assertEquals(last.getLong("residentBytes") / (double) (1L << 30), last.getDouble("residentShare"), 1e-9);
        assertEquals(1L << 30, last.getLong("size"));

        double first = ours.get(0).getDouble("residentShare");
        assertTrue(first < 0.25 - SHARE_TOLERANCE, () -> "the first sample already at " + first);
        boolean sawTheEighth = false;
        double previous = 0;
        for (RecordedEvent e : ours) {
            double share = e.getDouble("residentShare");
            assertTrue(share >= previous - 0.001, () -> "residency fell: " + ours);
            previous = share;
            sawTheEighth |= Math.abs(share - 0.125) < SHARE_TOLERANCE;
        }
        assertTrue(sawTheEighth, () -> "no sample near an eighth: " + ours);
    }

    @Test
    void theMxBeanShowedEachStepAsTheRecordingDid() {
        assertTrue(run.stdout.contains("ROW eighth kind=FileChannel.map; address=" + truth("address")
                + "; sizeBytes=1073741824; "), run::toString);
        assertTrue(run.stdout.contains("ROW quarter kind=FileChannel.map; address=" + truth("address")), run::toString);
    }

    @Test
    void bothEventTypesDescribeEveryFieldWithItsUnit() {
        Map<String, Map<String, String>> units = new TreeMap<>();
        for (String name : List.of(MAPPING, RESIDENCY)) {
            EventType type = types.get(name);
            assertNotNull(type, "no " + name + " in the recording");
            assertEquals(List.of("faultline"), type.getCategoryNames());
            assertTrue(type.getDescription() != null && type.getDescription().endsWith("."), name);
            Map<String, String> fields = new TreeMap<>();
            for (ValueDescriptor field : type.getFields()) {
                if (List.of("startTime", "duration", "eventThread", "stackTrace").contains(field.getName())) {
                    continue;
                }
                assertTrue(field.getLabel() != null && !field.getLabel().isBlank(), name + "." + field.getName());
                assertTrue(field.getDescription() != null && field.getDescription().endsWith("."),
                        name + "." + field.getName());
                DataAmount amount = field.getAnnotation(DataAmount.class);
                fields.put(field.getName(), amount != null ? "bytes"
                        : field.getAnnotation(MemoryAddress.class) != null ? "address"
                        : field.getAnnotation(Percentage.class) != null ? "percentage" : field.getTypeName());
            }
            units.put(name, fields);
        }
        assertEquals(Map.of(
                MAPPING, Map.of("kind", "java.lang.String", "address", "address", "size", "bytes",
                        "file", "java.lang.String", "origin", "java.lang.String"),
                RESIDENCY, Map.of("kind", "java.lang.String", "address", "address", "size", "bytes",
                        "residentBytes", "bytes", "residentShare", "percentage", "file", "java.lang.String",
                        "origin", "java.lang.String")), units);
        assertTrue(types.get(MAPPING).getField("stackTrace") != null, "Mapping events carry a stack trace");
    }

    @Test
    void theRunLeftNoWarning() {
        assertTrue(!run.stderr.contains("faultline: warning") && !run.stderr.contains("faultline: error"),
                run::toString);
    }
}
