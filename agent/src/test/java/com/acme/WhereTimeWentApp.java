package com.acme;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Traced calls whose time goes to known places: {@code sleepy} sleeps 50 ms (blocked),
 * {@code spin} runs 100 ms of CPU while, with the argument {@code contended}, another thread
 * spins on the same CPUs (the test pins the JVM to one); with {@code "settled"}, after a second's
 * wait, when the agent's start-up work is done. Around the {@code spin} call the
 * app reads the kernel's counters itself ({@code /proc/thread-self/schedstat}'s run-queue
 * wait, the JVM's thread CPU time) and prints their deltas: what the agent should report.
 */
public final class WhereTimeWentApp {
    private static volatile boolean competing = true;

    private WhereTimeWentApp() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("settled")) {
            Thread.sleep(1_000); // the agent's services (JNR, getrusage) are up before the calls
        }
        warmUp(); // the first dump loads the symbol tables: not inside the calls below
        sleepy();
        Thread competitor = null;
        if (List.of(args).contains("contended")) {
            competitor = new Thread(WhereTimeWentApp::compete, "competitor");
            competitor.setDaemon(true);
            competitor.start();
            Thread.sleep(50);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long runQueue = runQueueWait();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        spin(100_000_000L);
        long wall = System.nanoTime() - start;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        runQueue = runQueueWait() - runQueue;
        competing = false;
        System.out.println("around spin: wall " + wall + " ns, cpu " + cpu + " ns, runq " + runQueue + " ns");
    }

    static void warmUp() {
    }

    static void sleepy() throws InterruptedException {
        Thread.sleep(50);
    }

    /** Runs until this thread has had {@code cpuNanos} of CPU. */
    static long spin(long cpuNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + cpuNanos;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x += i ^ x;
            }
        }
        return x;
    }

    private static void compete() {
        long x = 0;
        while (competing) {
            x += x ^ 7;
        }
        if (x == 42) {
            System.out.println();
        }
    }

    /** Field 2 of this thread's schedstat: time runnable but waiting for a CPU, in nanoseconds. */
    private static long runQueueWait() throws IOException {
        return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split("\\s+")[1]);
    }
}
