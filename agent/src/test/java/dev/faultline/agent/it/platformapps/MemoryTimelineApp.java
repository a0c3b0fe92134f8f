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
        for (int i = 0; i < calls; i++) {
            Thread.sleep(pause);
            TouchApp.touchFresh(pages);
        }
        Thread.sleep(pause);
        System.out.println("VmHWM=" + ProcFacts.kbLine("/proc/self/status", "VmHWM"));
        System.out.println("VmRSS=" + ProcFacts.kbLine("/proc/self/status", "VmRSS"));
    }
}
