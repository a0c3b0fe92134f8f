package dev.faultline.examples;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * The agent's {@code dev.faultline:type=Tracer} MXBean as the demo uses it: to tell whether
 * the agent is loaded, and to turn dumps off once the first one has been shown (the calls
 * that follow are still measured and recorded in JFR).
 */
final class TracerControl {
    private final MBeanServer server;
    private final ObjectName name;

    private TracerControl(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** The agent's Tracer MXBean in this JVM; {@link #present()} is false when the agent is not loaded. */
    static TracerControl find() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName("dev.faultline:type=Tracer");
            if (agentLoaded()) {
                // the agent registers its MXBean a moment after start-up, off the main thread
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!server.isRegistered(name) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            return new TracerControl(server.isRegistered(name) ? server : null, name);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TracerControl(null, null);
        }
    }

    /** Whether the agent's probe is on the bootstrap class path: the agent was loaded into this JVM. */
    private static boolean agentLoaded() {
        try {
            Class.forName("dev.faultline.agent.bootstrap.Probe", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    boolean present() {
        return server != null;
    }

    /** Sets the agent's {@code dump} option to {@code none}, as JConsole or JMC could. */
    void stopDumps() {
        if (server == null) {
            return;
        }
        try {
            server.setAttribute(name, new Attribute("Dump", "none"));
        } catch (JMException e) {
            System.err.println("demo: could not turn the agent's dumps off through its MXBean: " + e);
        }
    }
}
