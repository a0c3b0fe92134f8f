package dev.faultline.examples;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's JFR recording: the JDK's {@code default} settings plus faultline's events,
 * written to a file at the end and read back to say what it holds.
 */
final class DemoRecording {
    private final Path file;
    private Recording recording;

    DemoRecording(Path file) {
        this.file = file;
    }

    void start() throws IOException {
        try {
            recording = new Recording(Configuration.getConfiguration("default"));
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR settings do not parse", e);
        }
        for (String event : Example06JfrForJmc.FAULTLINE_EVENTS) {
            recording.enable(event).withStackTrace();
        }
        recording.start();
    }

    /** Stops the recording, writes it to the file and counts faultline's events in it. */
    Summary stopAndSummarize() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        Map<String, Integer> faultline = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String name = event.getEventType().getName();
            if (name.startsWith("faultline.")) {
                faultline.merge(name, 1, Integer::sum);
            }
        }
        return new Summary(file, faultline);
    }

    /** What the written recording holds. */
    record Summary(Path file, Map<String, Integer> faultlineEvents) {
        /** faultline's events whose number depends on how long the run took, not on what it did. */
        private static final List<String> PERIODIC = List.of("faultline.MappingResidency", "faultline.Overcommit",
                "faultline.ProcessMemory");

        /**
         * What the recording holds, with the counts that are the same in every run (one event
         * per traced call) and without those that are not (periodic events, the JDK's).
         */
        String describe() {
            if (faultlineEvents.isEmpty()) {
                return "none in " + file + ": the agent was not loaded.";
            }
            List<String> parts = new ArrayList<>();
            Integer traces = faultlineEvents.get("faultline.MethodTrace");
            if (traces != null) {
                parts.add(traces + " faultline.MethodTrace, one per traced call");
            }
            List<String> periodic = new ArrayList<>();
            for (String name : faultlineEvents.keySet()) {
                if (PERIODIC.contains(name)) {
                    periodic.add(name);
                } else if (name.equals("faultline.Mapping")) {
                    parts.add("faultline.Mapping, one per tracked mapping");
                } else if (!name.equals("faultline.MethodTrace")) {
                    parts.add(name);
                }
            }
            if (!periodic.isEmpty()) {
                parts.add(String.join(" and ", periodic) + " once a period of the memory monitor (how many depends"
                        + " on how long the run took)");
            }
            return String.join("; ", parts) + "; in " + file + ".";
        }
    }
}
