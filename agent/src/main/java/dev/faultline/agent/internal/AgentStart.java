package dev.faultline.agent.internal;

import java.lang.instrument.Instrumentation;

/**
 * The first class of the agent proper that runs: it puts the probe on the bootstrap
 * loader before any class that refers to the probe is loaded or verified, then starts
 * {@link AgentCore}. It refers to no probe type itself.
 */
public final class AgentStart {
    private AgentStart() {
    }

    /** Entered reflectively from {@code FaultlineAgent}. Never throws. */
    public static void start(String arguments, Instrumentation instrumentation, boolean attached, String bootstrapJar) {
        try {
            OwnNativeLibraries.install(instrumentation);
            BootstrapInjection.ensure(instrumentation, bootstrapJar);
        } catch (Throwable t) {
            System.err.println("faultline: error: the agent could not start, the application runs without it: " + t);
            return;
        }
        AgentCore.start(arguments, instrumentation, attached);
    }
}
