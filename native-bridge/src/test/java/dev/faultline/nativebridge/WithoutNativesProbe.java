package dev.faultline.nativebridge;

/**
 * Run in a forked JVM with {@code -Dfaultline.native=false}: prints what the counters give
 * when libc is not bound, as {@code key=value} lines, and {@code threw=...} if anything threw.
 */
public final class WithoutNativesProbe {
    private WithoutNativesProbe() {
    }

    public static void main(String[] args) {
        try {
            ThreadCounters thread = ThreadCounters.now();
            System.out.println("thread.available=" + thread.available());
            System.out.println("thread.sum=" + (thread.minorFaults() + thread.majorFaults() + thread.userCpuNanos()
                    + thread.systemCpuNanos() + thread.voluntarySwitches() + thread.involuntarySwitches()));
            System.out.println("thread.runq=" + thread.runQueueWaitNanos());
            System.out.println("thread.reason=" + ThreadCounters.unavailableReason());
            System.out.println("thread.delta.available=" + ThreadCounters.now().minus(thread).available());
            System.out.println("thread.string=" + thread);
            ProcessMemory process = ProcessMemory.now();
            System.out.println("process.available=" + process.available());
            System.out.println("process.rss=" + process.rss());
            System.out.println("process.minflt=" + process.minorFaults());
            System.out.println("process.stat.minflt=" + GroundTruth.statField("/proc/self/stat", 10));
            System.out.println("process.currentRss=" + ProcessMemory.currentRss());
            SystemMemory system = SystemMemory.now();
            System.out.println("system.available=" + system.available());
            System.out.println("system.memTotal=" + system.memTotal());
            System.out.println("system.overcommitRatio=" + system.overcommitRatio());
            System.out.println("system.overcommitMode=" + system.overcommitMode());
            System.out.println("threw=nothing");
        } catch (Throwable t) {
            System.out.println("threw=" + t);
            t.printStackTrace();
        }
    }
}
