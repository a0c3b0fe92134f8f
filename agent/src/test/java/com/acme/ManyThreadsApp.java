package com.acme;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** 8 threads × 10,000 calls of a traced method, then the Tracer MXBean's figures for it. */
public final class ManyThreadsApp {
    private ManyThreadsApp() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 8;
        int calls = 10_000;
        long[] sums = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < calls; i++) {
                    sums[index] += work(i);
                }
            }, "worker-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long total = 0;
        for (long sum : sums) {
            total += sum;
        }
        System.out.println("sum=" + total);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName tracer = new ObjectName("dev.faultline:type=Tracer");
        // the agent registers its MXBeans a little after start-up (sooner when traced calls want JNR);
        // a loaded host can take longer than these calls do
        for (long deadline = System.nanoTime() + 20_000_000_000L; !server.isRegistered(tracer)
                && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
        }
        for (CompositeData method : (CompositeData[]) server.getAttribute(tracer, "Methods")) {
            System.out.println("method=" + method.get("method") + " calls=" + method.get("calls") + " printed="
                    + method.get("dumpsPrinted") + " suppressed=" + method.get("dumpsSuppressed"));
        }
    }

    static int work(int i) {
        return i % 7;
    }
}
