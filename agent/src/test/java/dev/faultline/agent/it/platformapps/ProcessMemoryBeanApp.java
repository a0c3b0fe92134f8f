package dev.faultline.agent.it.platformapps;

import dev.faultline.nativebridge.NativeMemory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads its own {@code dev.faultline:type=ProcessMemory} MXBean as JConsole would, each
 * time between two reads of {@code /proc} (so the test can bracket the bean's value),
 * touches {@value #PAGES} fresh pages while watching the fault rate, starts
 * {@value #THREADS} threads with 2 MiB stacks and asks for the RSS classification. Prints
 * {@code key=value} lines on stdout; the classification's text on stderr.
 */
public final class ProcessMemoryBeanApp {
    public static final int PAGES = 8192;
    public static final int THREADS = 24;
    public static final long STACK = 2L << 20;
    private static final int ROUNDS = 5;

    private ProcessMemoryBeanApp() {
    }

    public static void main(String[] args) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName bean = new ObjectName("dev.faultline:type=ProcessMemory");
        AgentBeans.await(bean);
        System.out.println("registered=" + server.isRegistered(bean));
        for (int round = 0; round < ROUNDS; round++) {
            long rssBefore = ProcFacts.kbLine("/proc/self/status", "VmRSS");
            long sizeBefore = ProcFacts.kbLine("/proc/self/status", "VmSize");
            long faultsBefore = ProcFacts.statField(10);
            AttributeList values = server.getAttributes(bean, new String[] {"Rss", "VmSize", "MinorFaults"});
            long faultsAfter = ProcFacts.statField(10);
            long sizeAfter = ProcFacts.kbLine("/proc/self/status", "VmSize");
            long rssAfter = ProcFacts.kbLine("/proc/self/status", "VmRSS");
            for (Attribute a : values.asList()) {
                long before = a.getName().equals("Rss") ? rssBefore : a.getName().equals("VmSize") ? sizeBefore
                        : faultsBefore;
                long after = a.getName().equals("Rss") ? rssAfter : a.getName().equals("VmSize") ? sizeAfter
                        : faultsAfter;
                System.out.println("bracket." + round + "." + a.getName() + "=" + before + "," + a.getValue() + ","
                        + after);
            }
        }
        System.out.println("CommitLimit=" + server.getAttribute(bean, "CommitLimit"));
        System.out.println("proc.CommitLimit=" + ProcFacts.kbLine("/proc/meminfo", "CommitLimit"));
        System.out.println("OvercommitModeValue=" + server.getAttribute(bean, "OvercommitModeValue"));
        System.out.println("proc.overcommit_memory=" + ProcFacts.number("/proc/sys/vm/overcommit_memory"));
        System.out.println("MemTotal=" + server.getAttribute(bean, "MemTotal"));
        System.out.println("proc.MemTotal=" + ProcFacts.kbLine("/proc/meminfo", "MemTotal"));
        for (String name : new String[] {"MonitorRunning", "MonitorPeriodMillis", "OvercommitMode",
                "OvercommitContext"}) {
            System.out.println(name + "=" + String.valueOf(server.getAttribute(bean, name)).replace('\n', ' '));
        }

        // the fault rate while PAGES fresh pages are touched: the largest the monitor reports in the next second
        double highest = 0;
        try (NativeMemory memory = NativeMemory.map(PAGES * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES)) {
            memory.touch(0, PAGES);
            long end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) {
                highest = Math.max(highest, (Double) server.getAttribute(bean, "MinorFaultsPerSecond"));
                Thread.sleep(20);
            }
        }
        System.out.println("highestMinorFaultsPerSecond=" + highest);

        CountDownLatch started = new CountDownLatch(THREADS);
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(null, () -> {
                started.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i, STACK);
            thread.setDaemon(true);
            thread.start();
        }
        started.await();
        System.out.println("threads=" + ManagementFactory.getThreadMXBean().getThreadCount());
        CompositeData[] rows = (CompositeData[]) server.invoke(bean, "classifyRss", null, null);
        long smaps = ProcFacts.smapsRss();
        for (CompositeData row : rows) {
            System.out.println("class." + row.get("name") + "=" + row.get("mappings") + "," + row.get("sizeBytes") + ","
                    + row.get("rssBytes"));
        }
        System.out.println("smaps.rss=" + smaps);
        System.err.println(server.invoke(bean, "rssReport", null, null));
        done.countDown();
    }
}
