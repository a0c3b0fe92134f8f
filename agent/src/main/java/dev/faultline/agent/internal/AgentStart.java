package dev.faultline.agent.internal;

import dev.faultline.nativebridge.NativeSupport;

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
        // the weaver warms up on the start-up thread meanwhile: it needs neither the probe nor the options
        // JNR takes ~0.4 s to load: until the start-up thread has it, traced calls read /proc
        NativeSupport.deferLibc();
        StartThread starting = StartThread.begin();
        try {
            OwnNativeLibraries.install(instrumentation);
            BootstrapInjection.ensure(instrumentation, bootstrapJar);
        } catch (Throwable t) {
            starting.then(null);
            System.err.println("faultline: error: the agent could not start, the application runs without it: " + t);
            return;
        }
        AgentCore.start(arguments, instrumentation, attached, starting);
    }
}
