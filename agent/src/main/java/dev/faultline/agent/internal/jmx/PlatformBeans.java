package dev.faultline.agent.internal.jmx;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers the agent's MXBeans in the platform MBean server, and removes them on detach. */
final class PlatformBeans {
    private PlatformBeans() {
    }

    /**
     * Registers {@code bean} as an MXBean of interface {@code type} called {@code name}, with
     * its {@link Described} texts, replacing a bean left there by an earlier attach.
     */
    static <T> void register(T bean, Class<T> type, String name) throws Exception {
        register(bean, type, new ObjectName(name));
    }

    /** {@link #register(Object, Class, String)} with a name already made. */
    static <T> void register(T bean, Class<T> type, ObjectName name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new DescribedMXBean<>(bean, type), name);
    }

    /** Unregisters the bean called {@code name}, if there is one; never throws. */
    static void unregister(String name) {
        try {
            unregister(new ObjectName(name));
        } catch (Exception e) {
            // detaching: nothing to do about a bean that cannot be removed
        }
    }

    /** Unregisters the bean called {@code name}, if there is one; never throws. */
    static void unregister(ObjectName name) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            // detaching: nothing to do about a bean that cannot be removed
        }
    }
}
