package dev.faultline.agent.internal.cli;

import com.sun.tools.attach.VirtualMachine;

import dev.faultline.agent.internal.AttachOutcome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JVM that {@code top} watches through JMX: attached once to start its local management
 * agent (and to load faultline into it when its {@code ProcessMemory} MXBean is not
 * there), then read over the JMX connection. A JVM that goes away shows up as a
 * {@link CliFailure} with {@link Cli#NO_JVM}.
 */
final class ManagedJvm implements AutoCloseable {
    static final ObjectName PROCESS_MEMORY = name("dev.faultline:type=ProcessMemory");
    static final ObjectName MAPPINGS = name("dev.faultline:type=Mappings");
    /** Registered by agents that read container memory; older ones have only ProcessMemory's cgroup figures. */
    static final ObjectName CONTAINER = name("dev.faultline:type=Container");
    /** The agent options {@code top} loads faultline with: the memory monitor; no dumps, no per-call counters. */
    static final String AGENT_OPTIONS = "dump=none,memory=false";
    private static final long REGISTER_WAIT_MILLIS = 15_000;

    private final TargetJvm target;
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final boolean loadedAgent;

    private ManagedJvm(TargetJvm target, JMXConnector connector, boolean loadedAgent) throws IOException {
        this.target = target;
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.loadedAgent = loadedAgent;
    }

    /** Attaches, connects, and loads the agent when its MXBean is missing. */
    static ManagedJvm connect(TargetJvm target, Path agentJar) throws CliFailure {
        VirtualMachine vm = target.attach();
        JMXConnector connector = null;
        try {
            String address = vm.startLocalManagementAgent();
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection server = connector.getMBeanServerConnection();
            boolean loaded = false;
            if (!server.isRegistered(PROCESS_MEMORY)) {
                AttachOutcome outcome = target.loadAgent(vm, agentJar, AGENT_OPTIONS);
                if (outcome.status.equals(AttachOutcome.STARTED)) {
                    loaded = true;
                } else if (!outcome.status.equals(AttachOutcome.ALREADY_RUNNING)) { // running: its MXBean is due
                    throw CliFailure.failed("the agent could not start in JVM " + target.pid() + " ("
                            + outcome.status + "): " + String.join("; ", outcome.all(AttachOutcome.ERROR)));
                }
                awaitBean(server, target);
            }
            ManagedJvm jvm = new ManagedJvm(target, connector, loaded);
            connector = null;
            return jvm;
        } catch (IOException e) {
            throw lost(target, e);
        } finally {
            TargetJvm.detach(vm);
            if (connector != null) {
                close(connector);
            }
        }
    }

    private static void awaitBean(MBeanServerConnection server, TargetJvm target) throws IOException, CliFailure {
        long deadline = System.nanoTime() + REGISTER_WAIT_MILLIS * 1_000_000;
        while (!server.isRegistered(PROCESS_MEMORY)) {
            if (System.nanoTime() - deadline > 0) {
                throw CliFailure.failed("faultline was loaded into JVM " + target.pid() + " but its "
                        + PROCESS_MEMORY + " MXBean did not appear (that JVM's stderr says why; an agent of an"
                        + " older faultline that is already running there has no such MXBean)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted");
            }
        }
    }

    /** Whether this command loaded faultline into the JVM (it was not running there). */
    boolean loadedAgent() {
        return loadedAgent;
    }

    /** The ProcessMemory MXBean's attributes named, by name. */
    Map<String, Object> processMemory(List<String> attributes) throws CliFailure {
        try {
            Map<String, Object> values = new HashMap<>();
            for (Attribute attribute : server.getAttributes(PROCESS_MEMORY, attributes.toArray(new String[0])).asList()) {
                values.put(attribute.getName(), attribute.getValue());
            }
            return values;
        } catch (InstanceNotFoundException e) {
            throw CliFailure.failed("faultline was detached from JVM " + target.pid() + ": its " + PROCESS_MEMORY
                    + " MXBean is gone");
        } catch (JMException e) {
            throw CliFailure.failed("cannot read " + PROCESS_MEMORY + " of JVM " + target.pid() + ": " + e);
        } catch (IOException e) {
            throw lost(target, e);
        }
    }

    /**
     * The Container MXBean's attributes named, by name, in one request; {@code null} when
     * that MXBean is not there (an agent of an older faultline) or cannot be read.
     */
    Map<String, Object> container(List<String> attributes) throws CliFailure {
        try {
            return container(server, attributes);
        } catch (IOException e) {
            throw lost(target, e);
        }
    }

    /** {@link #container(List)} over {@code server}; package-private for tests with a local MBean server. */
    static Map<String, Object> container(MBeanServerConnection server, List<String> attributes) throws IOException {
        try {
            Map<String, Object> values = new HashMap<>();
            for (Attribute attribute : server.getAttributes(CONTAINER, attributes.toArray(new String[0])).asList()) {
                values.put(attribute.getName(), attribute.getValue());
            }
            return values;
        } catch (InstanceNotFoundException e) {
            return null; // asked each refresh: an agent that registers it late is shown from then on
        } catch (JMException | RuntimeException e) {
            return null; // a Container MXBean of another shape: show the cgroup line of ProcessMemory instead
        }
    }

    /** The {@code TopMappings} rows of the Mappings MXBean; empty when that MXBean is not there. */
    CompositeData[] topMappings() throws CliFailure {
        try {
            Object value = server.getAttribute(MAPPINGS, "TopMappings");
            return value instanceof CompositeData[] ? (CompositeData[]) value : new CompositeData[0];
        } catch (InstanceNotFoundException e) {
            return new CompositeData[0];
        } catch (JMException | RuntimeException e) {
            return new CompositeData[0]; // a Mappings MXBean of another shape: show no mappings rather than fail
        } catch (IOException e) {
            throw lost(target, e);
        }
    }

    /**
     * The failure for a connection that broke: the JVM has exited, or (still there) the
     * connection was lost. A JVM that is exiting closes its JMX connections first and ends
     * a moment later, after its shutdown hooks: so it is given {@link #EXIT_WAIT_MILLIS}.
     */
    private static CliFailure lost(TargetJvm target, IOException e) {
        return exits(target.pid()) ? CliFailure.noJvm("JVM " + target.pid() + " has exited")
                : CliFailure.noJvm("lost the connection to JVM " + target.pid() + ": " + TargetJvm.message(e));
    }

    private static final long EXIT_WAIT_MILLIS = 3_000;

    private static boolean exits(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.get().isAlive();
        }
    }

    @Override
    public void close() {
        close(connector);
    }

    private static void close(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException e) {
            // the JVM is gone: nothing to close
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
