package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.MethodState;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * One {@code dev.faultline:type=TracedMethod} MXBean per traced method, registered on a
 * thread of the agent's own, {@value #THREAD_NAME}.
 *
 * <p>Methods are registered inside class transformations, where registering an MBean could
 * load classes or wait for the MBean server's locks. So the registry's listener only wakes
 * the thread ({@code LockSupport.unpark}: no lock, no allocation, no class to load), and the
 * thread registers every method whose id it has not seen yet; ids are dense, so that is a
 * walk from the last id seen. The traced call's path never touches any of it. The methods
 * registered before {@link #start} are registered by {@code start} itself, on the caller's
 * (the agent's start-up) thread. {@link #stop()} removes every bean, on detach.
 */
public final class TracedMethodBeans {
    public static final String THREAD_NAME = "faultline-method-beans";
    static final String PREFIX = "dev.faultline:type=TracedMethod,name=";

    private final MethodRegistry registry;
    private final Runnable ownThread;
    /** The beans registered so far; with {@link #nextId} and {@link #stopped}, guarded by {@code this}. */
    private final List<ObjectName> registered = new ArrayList<>();
    private int nextId = 1;
    private boolean stopped;
    private boolean warned;
    private Thread thread;

    private TracedMethodBeans(MethodRegistry registry, Runnable ownThread) {
        this.registry = registry;
        this.ownThread = ownThread;
    }

    /**
     * Registers the beans of the methods registered so far, then starts the thread that
     * registers those that come later. Never throws.
     *
     * @param ownThread run first on the thread, to mark it as the agent's own
     */
    public static TracedMethodBeans start(MethodRegistry registry, Runnable ownThread) {
        TracedMethodBeans beans = new TracedMethodBeans(registry, ownThread);
        try {
            beans.registerNew();
            Thread thread = new Thread(beans.new Loop(), THREAD_NAME);
            thread.setDaemon(true);
            beans.thread = thread;
            Wake wake = new Wake(thread);
            wake.registered(null); // loads what waking needs now, not inside a transformation
            registry.listener(wake);
            thread.start();
        } catch (RuntimeException | LinkageError e) {
            System.err.println("faultline: warning: the TracedMethod MXBeans of methods traced from now on"
                    + " are not registered: " + e);
        }
        return beans;
    }

    /** Stops the thread and unregisters every bean. Never throws. */
    public void stop() {
        registry.listener(null);
        List<ObjectName> names;
        synchronized (this) {
            stopped = true;
            names = new ArrayList<>(registered);
            registered.clear();
        }
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
        }
        for (ObjectName name : names) {
            PlatformBeans.unregister(name);
        }
    }

    /** The bean's name of {@code method}: {@code dev.faultline:type=TracedMethod,name=CLASS#METHOD,descriptor=DESC}. */
    static ObjectName nameOf(MethodState method) throws MalformedObjectNameException {
        return new ObjectName(PREFIX + value(method.displayName()) + ",descriptor=" + value(method.descriptor()));
    }

    /**
     * {@code text} as an ObjectName value: as it is where it may stand bare (what Java names
     * and descriptors almost always are, so that the exporter's labels carry no quotes),
     * else quoted.
     */
    static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n') {
                return ObjectName.quote(text);
            }
        }
        return text;
    }

    /** Registers the beans of the methods with ids from {@link #nextId} on. */
    private synchronized void registerNew() {
        MethodState method;
        while (!stopped && (method = registry.get(nextId)) != null) {
            nextId++;
            try {
                ObjectName name = nameOf(method);
                PlatformBeans.register(new TracedMethodBean(method), TracedMethodMXBean.class, name);
                registered.add(name);
            } catch (Exception | LinkageError e) {
                if (!warned) {
                    warned = true;
                    System.err.println("faultline: warning: the TracedMethod MXBean of " + method.displayName()
                            + " is not available: " + e);
                }
            }
        }
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    /** The thread's work: register what is new each time the registry wakes it, until stopped. */
    private final class Loop implements Runnable {
        @Override
        public void run() {
            ownThread.run(); // for the thread's life
            try {
                while (!stopped()) {
                    registerNew();
                    LockSupport.park(TracedMethodBeans.this);
                }
            } catch (Throwable t) {
                System.err.println("faultline: warning: the TracedMethod MXBeans stopped being registered: " + t);
            }
        }
    }

    /** The registry's listener: wakes the thread, nothing more (it runs inside class transformations). */
    private static final class Wake implements MethodRegistry.Listener {
        private final Thread thread;

        Wake(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void registered(MethodState method) {
            LockSupport.unpark(thread);
        }
    }
}
