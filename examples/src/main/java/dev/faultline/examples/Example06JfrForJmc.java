package dev.faultline.examples;

import dev.faultline.annotation.Trace;
import dev.faultline.nativebridge.NativeMemory;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Example 06: a JFR recording with faultline's events, for JDK Mission Control.
 *
 * <p>The example starts a recording from inside the program ({@code jdk.jfr.Recording},
 * with the JDK's {@code default} settings plus faultline's events), calls the traced
 * {@link #fill} four times (each maps 16 MiB and touches every page of it), stops the
 * recording, writes it to a file, and reads the file back with
 * {@code jdk.jfr.consumer.RecordingFile} to print what JMC will show: one
 * {@code faultline.MethodTrace} event per call, with its duration, the page faults and RSS
 * change it cost its thread, its Java stack, and the mixed Java and native dump as text.
 *
 * <p>The same recording without code: {@code -XX:StartFlightRecording=filename=app.jfr}
 * on the java command line (faultline's events are on by default in it).
 */
public final class Example06JfrForJmc {
    private static final long MIB = 1024 * 1024;
    private static final int CALLS = 4;
    private static final long FILL = 16 * MIB;
    /** faultline's events; those this agent version does not have are simply never recorded. */
    static final List<String> FAULTLINE_EVENTS = List.of("faultline.MethodTrace", "faultline.ProcessMemory",
            "faultline.Overcommit", "faultline.Mapping", "faultline.MappingResidency");

    private Example06JfrForJmc() {
    }

    public static void main(String[] args) throws IOException, ParseException {
        Path file = Path.of(args.length > 0 ? args[0] : "faultline-example06.jfr").toAbsolutePath();
        List<NativeMemory> kept = new ArrayList<>();
        // the first mapping loads the native bridge; done here so that no recorded call pays for it
        NativeMemory.map(NativeMemory.pageSize()).close();
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            for (String event : FAULTLINE_EVENTS) {
                recording.enable(event).withStackTrace();
            }
            recording.start();
            for (int call = 0; call < CALLS; call++) {
                kept.add(fill(FILL));
            }
            recording.stop();
            recording.dump(file);
        } finally {
            for (NativeMemory memory : kept) {
                memory.close();
            }
        }
        System.out.println("Wrote " + file);
        System.out.println();
        printFaultlineEvents(file);
    }

    /** Maps {@code bytes} and touches every page: a call whose cost is known (one minor fault a page). */
    @Trace
    static NativeMemory fill(long bytes) {
        NativeMemory memory = NativeMemory.map(bytes, NativeMemory.Option.NO_HUGE_PAGES);
        memory.touch(0, memory.pages());
        return memory;
    }

    /** Reads the recording back and prints its faultline events, as JMC's event browser lists them. */
    private static void printFaultlineEvents(Path file) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        boolean dumpShown = false;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String name = event.getEventType().getName();
            if (!name.startsWith("faultline.")) {
                continue;
            }
            counts.merge(name, 1, Integer::sum);
            if (name.equals("faultline.MethodTrace")) {
                dumpShown |= printMethodTrace(event, !dumpShown);
            }
        }
        System.out.println();
        System.out.println("faultline events in the recording: " + (counts.isEmpty() ? "none (was the agent loaded?)"
                : counts));
    }

    /** Prints one event; with {@code withDump}, also its Native Stack field. Returns whether a dump was printed. */
    private static boolean printMethodTrace(RecordedEvent event, boolean withDump) {
        System.out.printf(Locale.ROOT, "faultline.MethodTrace %s: %.3f ms, minor faults %,d, major faults %,d,"
                        + " RSS change %+,.1f MiB, outcome %s, Java stack of %d frames%n", event.getString("method"),
                event.getDuration().toNanos() / 1e6, event.getLong("minorFaults"), event.getLong("majorFaults"),
                event.getLong("rssDelta") / (double) MIB, event.getString("outcome"),
                event.getStackTrace() == null ? 0 : event.getStackTrace().getFrames().size());
        String dump = event.getString("nativeStack");
        if (!withDump || dump == null || dump.isEmpty()) {
            return false;
        }
        System.out.println("  its Native Stack field, the mixed dump as text:");
        for (String line : dump.split("\n")) {
            System.out.println("    " + line);
        }
        return true;
    }

    /*
     * How to run
     *
     *   ./faultline example 06
     *
     * or, from the repository root after `mvn -B -DskipTests package`:
     *
     *   java -XX:+PreserveFramePointer \
     *        -javaagent:agent/target/faultline-agent.jar=sink=stderr \
     *        -cp 'examples/target/faultline-examples.jar:examples/target/lib/*' \
     *        dev.faultline.examples.Example06JfrForJmc faultline-example06.jfr
     *
     * Then open faultline-example06.jfr in JDK Mission Control (File > Open File...): the
     * Event Browser lists the faultline category with Method Trace; select an event to see
     * its fields, its Java stack in the Stack Trace view, and the Native Stack field's text.
     * Without JMC: jfr print --events faultline.MethodTrace faultline-example06.jfr
     * (jfr is in the JDK's bin folder), or jfr summary faultline-example06.jfr.
     *
     * Each call also prints its dump on stderr (dump=entry, the default), and its event
     * carries that dump as text. With dump=none nothing is printed and the events have no
     * Native Stack; their Java stack is always there.
     */
}
