package dev.faultline.junit.internal;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The faultline agent's {@code dev.faultline:type=Tracer} MXBean as the budgets read it,
 * by name through the platform MBean server (the agent is never a compile-time or class
 * path dependency). Written against the MXBean's documented items, and careful with
 * those that older agents lack.
 */
final class TracerView {
    static final String NAME = "dev.faultline:type=Tracer";

    private final MBeanServer server;
    private final ObjectName name;

    private TracerView(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    static TracerView platform() {
        try {
            return new TracerView(ManagementFactory.getPlatformMBeanServer(), new ObjectName(NAME));
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e); // a constant name
        }
    }

    /** The traced methods' figures now, or why they cannot be had. */
    Snapshot snapshot() {
        if (!server.isRegistered(name) && agentLoaded()) {
            awaitRegistration();
        }
        if (!server.isRegistered(name)) {
            return new Snapshot(null, "the faultline agent is not attached (no " + NAME + " MXBean)");
        }
        try {
            Object methods = server.getAttribute(name, "Methods");
            Map<String, MethodFigures> figures = new LinkedHashMap<>();
            for (CompositeData row : (CompositeData[]) methods) {
                figures.merge(String.valueOf(row.get("method")), MethodFigures.of(row), MethodFigures::plus);
            }
            return new Snapshot(figures, null);
        } catch (JMException | RuntimeException e) {
            return new Snapshot(null, "the " + NAME + " MXBean could not be read: " + e);
        }
    }

    /** Whether the agent's probe is on the bootstrap class path, i.e. the agent was loaded into this JVM. */
    private static boolean agentLoaded() {
        try {
            Class.forName("dev.faultline.agent.bootstrap.Probe", false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The agent registers its MXBeans a moment after start-up, off the main thread: wait for that, briefly. */
    private void awaitRegistration() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!server.isRegistered(name) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The backtrace of {@code method}'s call with the most faults, as a section for a
     * failure message (its first line says what follows), or a line saying why there is none.
     */
    String worstCall(String method) {
        String title = "worst call of " + method;
        try {
            if (!hasWorstCall()) {
                return title + ": not available from this agent version (its Tracer MXBean has no worstCall operation)";
            }
            Object dump = server.invoke(name, "worstCall", new Object[] {method}, new String[] {String.class.getName()});
            if (dump == null) {
                return title + ": none recorded";
            }
            String text = dump.toString();
            return title + " so far:\n" + (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        } catch (JMException | RuntimeException e) {
            return title + ": could not be read (" + e + ")";
        }
    }

    private boolean hasWorstCall() throws JMException {
        for (MBeanOperationInfo op : server.getMBeanInfo(name).getOperations()) {
            if (op.getName().equals("worstCall") && op.getSignature().length == 1
                    && op.getSignature()[0].getType().equals(String.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The Tracer's per-method figures at one moment. */
    static final class Snapshot {
        /** {@code null} when {@link #problem} says why there are none. */
        private final Map<String, MethodFigures> methods;
        final String problem;

        Snapshot(Map<String, MethodFigures> methods, String problem) {
            this.methods = methods;
            this.problem = problem;
        }

        boolean available() {
            return methods != null;
        }

        /** {@code method}'s figures, or {@code null} when it is not traced (or the snapshot is unavailable). */
        MethodFigures get(String method) {
            return methods == null ? null : methods.get(method);
        }

        /** Every traced method's name and figures; empty when unavailable. */
        Map<String, MethodFigures> all() {
            return methods == null ? Map.of() : Collections.unmodifiableMap(methods);
        }
    }
}
