package dev.faultline.agent.it.platformapps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * What an application that reads the agent's MXBeans right at start does: the agent
 * registers them a moment after start-up, off the main thread, so it waits for them when
 * the agent is loaded (its probe is on the bootstrap class path).
 */
public final class AgentBeans {
    private AgentBeans() {
    }

    /** Waits up to 10 s for {@code name} to be registered, if the agent is loaded. */
    public static void await(ObjectName name) throws InterruptedException {
        try {
            Class.forName("dev.faultline.agent.bootstrap.Probe", false, null);
        } catch (ClassNotFoundException e) {
            return; // no agent: nothing will be registered
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(name) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
