package dev.faultline.agent.it.platformapps;

/**
 * Touches {@code PAGES} fresh pages {@code CALLS} times, {@code PAUSE_MS} apart (so that
 * the memory monitor samples between the calls), through the traced
 * {@link TouchApp#TRACED}; prints its peak RSS from {@code /proc} at the end.
 */
public final class MemoryTimelineApp {
    private MemoryTimelineApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        int pages = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        long pause = Long.parseLong(args[2]);
        awaitFirstSample();
        for (int i = 0; i < calls; i++) {
            Thread.sleep(pause);
            TouchApp.touchFresh(pages);
        }
        Thread.sleep(pause);
        System.out.println("VmHWM=" + ProcFacts.kbLine("/proc/self/status", "VmHWM"));
        System.out.println("VmRSS=" + ProcFacts.kbLine("/proc/self/status", "VmRSS"));
    }

    /**
     * The report's timeline starts with the monitor's first sample, which the agent takes a
     * moment after start-up (off the main thread): the pages are touched after it.
     */
    private static void awaitFirstSample() throws InterruptedException {
        try {
            javax.management.ObjectName bean = new javax.management.ObjectName("dev.faultline:type=ProcessMemory");
            AgentBeans.await(bean);
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.isRegistered(bean) && (Long) server.getAttribute(bean, "LastSampleTime") == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
