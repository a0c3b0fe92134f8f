package dev.faultline.examples;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
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

    /** Stops the recording, writes it to the file and counts its events. */
    Summary stopAndSummarize() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        Map<String, Integer> faultline = new TreeMap<>();
        int all = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            all++;
            String name = event.getEventType().getName();
            if (name.startsWith("faultline.")) {
                faultline.merge(name, 1, Integer::sum);
            }
        }
        return new Summary(file, faultline, all);
    }

    /** What the written recording holds. */
    record Summary(Path file, Map<String, Integer> faultlineEvents, int allEvents) {
        String describe() {
            if (faultlineEvents.isEmpty()) {
                return "none in " + file + " (" + allEvents + " events in all): the agent was not loaded.";
            }
            StringBuilder sb = new StringBuilder();
            faultlineEvents.forEach((name, count) -> sb.append(sb.length() == 0 ? "" : ", ").append(count).append(' ')
                    .append(name));
            return sb + " among " + allEvents + " events in " + file + ".";
        }
    }
}
