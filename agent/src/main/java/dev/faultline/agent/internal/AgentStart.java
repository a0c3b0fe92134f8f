package dev.faultline.agent.internal;

import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.internal.JvmFlags;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The first class of the agent proper that runs: it puts the probe on the bootstrap
 * loader before any class that refers to the probe is loaded or verified, then starts
 * {@link AgentCore}. It refers to no probe type itself.
 */
public final class AgentStart {
    static {
        // FaultlineAgent gets its way in from here (no reflective call: see NestedJarLoader.entry)
        ClassLoader loader = AgentStart.class.getClassLoader();
        if (loader instanceof Consumer) {
            @SuppressWarnings("unchecked")
            Consumer<Consumer<Object[]>> handOver = (Consumer<Consumer<Object[]>>) loader;
            handOver.accept(new Entry());
        }
    }

    private AgentStart() {
    }

    /** {@link #start} for {@code FaultlineAgent}: arguments options, instrumentation, attached, probe jar. */
    private static final class Entry implements Consumer<Object[]> {
        @Override
        public void accept(Object[] arguments) {
            start((String) arguments[0], (Instrumentation) arguments[1], (Boolean) arguments[2],
                    (String) arguments[3]);
        }
    }

    /** Entered from {@code FaultlineAgent} (through {@link Entry}). Never throws. */
    public static void start(String arguments, Instrumentation instrumentation, boolean attached, String bootstrapJar) {
        // the weaver warms up on the start-up thread meanwhile: it needs neither the probe nor the options
        // JNR takes ~0.4 s to load: until the start-up thread has it, traced calls read /proc
        NativeSupport.deferLibc();
        StartThread starting = StartThread.begin();
        try {
            OwnNativeLibraries.install(instrumentation);
            BootstrapInjection.ensure(instrumentation, bootstrapJar);
            openFlagTable(instrumentation);
        } catch (Throwable t) {
            starting.then(null);
            System.err.println("faultline: error: the agent could not start, the application runs without it: " + t);
            if (attached) {
                AttachOutcome.publish(AttachOutcome.FAILED, AttachOutcome.fact(AttachOutcome.ERROR, t));
            }
            return;
        }
        AgentCore.start(arguments, instrumentation, attached, starting);
    }

    /**
     * Opens HotSpot's flag table reader ({@code jdk.management}'s internal package) to the
     * agent's module: the first dump's frame-pointer check then takes about 5 ms instead of
     * starting every platform MXBean (35 to 85 ms). Where it cannot, the MXBean is used.
     */
    private static void openFlagTable(Instrumentation instrumentation) {
        try {
            Module management = ModuleLayer.boot().findModule("jdk.management").orElse(null);
            if (management != null && instrumentation.isModifiableModule(management)) {
                instrumentation.redefineModule(management, Set.of(), Map.of(),
                        Map.of(JvmFlags.INTERNAL_PACKAGE, Set.of(AgentStart.class.getModule())), Set.of(), Map.of());
            }
        } catch (RuntimeException e) {
            // JvmFlags reads the flag through the MXBean then
        }
    }
}
