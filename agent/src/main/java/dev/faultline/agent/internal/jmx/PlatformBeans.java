package dev.faultline.agent.internal.jmx;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers and unregisters the agent's MXBeans in the platform MBean server. */
final class PlatformBeans {
    private PlatformBeans() {
    }

    /** Registers {@code bean} as {@code name}, replacing one that an earlier attach left. */
    static void register(Object bean, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName objectName = new ObjectName(name);
        if (server.isRegistered(objectName)) {
            server.unregisterMBean(objectName);
        }
        server.registerMBean(bean, objectName);
    }

    /** Unregisters the bean {@code name}, if registered; never throws. */
    static void unregister(String name) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName objectName = new ObjectName(name);
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
        } catch (Exception e) {
            // detaching: nothing to do about a bean that cannot be removed
        }
    }
}
