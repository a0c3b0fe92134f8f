package com.acme;

import com.sun.tools.attach.VirtualMachine;
import dev.faultline.agent.it.platformapps.AgentBeans;
import dev.faultline.nativebridge.NativeMemory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code ScrapedApp AGENT_JAR}: makes a known number of traced calls for a Prometheus
 * scrape to count, then waits for orders on stdin. {@link #touch} is called
 * {@value #TOUCH_CALLS} times, each touching {@value #PAGES} fresh pages and sleeping
 * {@value #SLEEP_MILLIS} ms; {@link #fail} {@value #FAIL_CALLS} times, each throwing; the
 * overloads {@code label(int)} and {@code label(String)} 2 and 3 times; and, once the agent has
 * registered the beans of those four, {@link Late#work} (a class loaded only then, so that its
 * bean comes from the agent's own thread) {@value #LATE_CALLS} times.
 * Then it prints {@code ready}. A line {@code detach} on stdin detaches the agent (as
 * {@code faultline detach PID} would; needs {@code -Djdk.attach.allowAttachSelf=true}) and
 * prints {@code detached}; the end of stdin ends the app.
 */
public final class ScrapedApp {
    public static final int TOUCH_CALLS = 20;
    public static final int PAGES = 8;
    public static final int SLEEP_MILLIS = 3;
    public static final int FAIL_CALLS = 3;
    public static final int LATE_CALLS = 4;

    private ScrapedApp() {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < TOUCH_CALLS; i++) {
            try (NativeMemory memory = NativeMemory.map(PAGES * NativeMemory.pageSize(),
                    NativeMemory.Option.NO_HUGE_PAGES)) {
                touch(memory);
            }
        }
        for (int i = 0; i < FAIL_CALLS; i++) {
            try {
                fail(i);
            } catch (IllegalStateException expected) {
                // counted as an error
            }
        }
        label(1);
        label(2);
        label("a");
        label("b");
        label("c");
        awaitMethodBeans(4); // touch, fail, and both label: the beans that the agent's start-up registers
        for (int i = 0; i < LATE_CALLS; i++) {
            Late.work(i);
        }
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("detach")) {
                VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
                try {
                    self.loadAgent(args[0], "detach");
                } finally {
                    self.detach();
                }
                System.out.println("detached");
            }
        }
    }

    /** Waits up to 10 s for {@code count} TracedMethod beans. */
    private static void awaitMethodBeans(int count) throws Exception {
        AgentBeans.await(new ObjectName("dev.faultline:type=Tracer"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName methods = new ObjectName("dev.faultline:type=TracedMethod,*");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.queryNames(methods, null).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    static void touch(NativeMemory memory) throws InterruptedException {
        memory.touch(0, PAGES);
        Thread.sleep(SLEEP_MILLIS);
    }

    static void fail(int i) {
        throw new IllegalStateException("call " + i);
    }

    static int label(int n) {
        return n;
    }

    static String label(String s) {
        return s;
    }

    /** Loaded after the agent's MXBeans are registered: its method is traced from then on. */
    static final class Late {
        private Late() {
        }

        static int work(int i) {
            return i + 1;
        }
    }
}
