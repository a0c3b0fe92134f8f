package dev.faultline.agent.internal.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether JFR is up in this JVM (a recording was started, now or before). Until then the
 * agent makes no event object: the first one would make JFR register its event classes,
 * about 0.4 s of work in every run without a recording. Shared by every event the agent
 * emits (method traces, memory samples, mappings).
 */
public final class JfrGate {
    private static volatile boolean up;
    private static final AtomicBoolean listening = new AtomicBoolean();

    private JfrGate() {
    }

    /** Whether JFR is up; a plain volatile read. */
    public static boolean up() {
        return up;
    }

    /** Asks JFR now (cheap: a static field read, it initializes nothing): for the start-up path, and for a followed call before {@link #listen} has run. */
    public static boolean check() {
        if (!up && FlightRecorder.isInitialized()) {
            up = true;
        }
        return up;
    }

    /**
     * Whether this JVM was started with a recording ({@code -XX:StartFlightRecording}, on the
     * command line, in {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS}), which JFR begins
     * only after {@code premain}; {@code true} where the JVM's arguments cannot be read (the
     * agent's services then start at once, as they would for a recording).
     */
    public static boolean startsWithRecording() {
        try {
            if (!Object.class.getModule().isExported("jdk.internal.misc", JfrGate.class.getModule())) {
                return true;
            }
            Class<?> vm = Class.forName("jdk.internal.misc.VM");
            for (String argument : (String[]) vm.getMethod("getRuntimeArguments").invoke(null)) {
                if (argument.startsWith("-XX:StartFlightRecording")) {
                    return true;
                }
            }
            return false;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return true;
        }
    }

    /**
     * Registers, once, a listener that says when JFR comes up later (jcmd JFR.start, JMC):
     * tens of milliseconds, so off the start-up path.
     */
    public static void listen() {
        if (!up && listening.compareAndSet(false, true)) {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    up = true;
                }
            });
        }
    }
}
