package com.acme;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;

/**
 * Starts a JFR recording at once in {@code main} (well before the agent's delayed services
 * start) and calls the traced {@code work} three times in it; prints how many
 * {@code faultline.MethodTrace} events the recording holds.
 */
public final class EarlyRecordingApp {
    private EarlyRecordingApp() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (Recording recording = new Recording()) {
            recording.enable("faultline.MethodTrace");
            recording.start();
            for (int i = 0; i < 3; i++) {
                work(i);
            }
            recording.stop();
            recording.dump(file);
        }
        long events = RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals("faultline.MethodTrace")).count();
        System.out.println("MethodTrace events: " + events);
    }

    static int work(int i) {
        return i * 2;
    }
}
