package dev.faultline.junit.internal;

import dev.faultline.junit.Scope;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.ThreadCounters;

/** The counters a memory budget needs, read once on the thread that runs the test; -1 where not read. */
final class MemorySample {
    final boolean faultsAvailable;
    final long minorFaults;
    final long majorFaults;
    final long rss;

    private MemorySample(boolean faultsAvailable, long minorFaults, long majorFaults, long rss) {
        this.faultsAvailable = faultsAvailable;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.rss = rss;
    }

    /** Read just before the test body: RSS first, so that the fault counters are the last thing read. */
    static MemorySample before(MemoryLimits limits) {
        long rss = limits.limitsRss() ? ProcessMemory.currentRss() : -1;
        return faults(limits, rss);
    }

    /** Read just after the test body: the fault counters first, then RSS. */
    static MemorySample after(MemoryLimits limits) {
        MemorySample faults = faults(limits, -1);
        long rss = limits.limitsRss() ? ProcessMemory.currentRss() : -1;
        return new MemorySample(faults.faultsAvailable, faults.minorFaults, faults.majorFaults, rss);
    }

    private static MemorySample faults(MemoryLimits limits, long rss) {
        if (!limits.limitsFaults()) {
            return new MemorySample(false, -1, -1, rss);
        }
        if (limits.scope == Scope.THREAD) {
            ThreadCounters c = ThreadCounters.quick();
            return new MemorySample(c.available(), c.minorFaults(), c.majorFaults(), rss);
        }
        ProcessMemory p = ProcessMemory.now();
        return new MemorySample(p.available(), p.minorFaults(), p.majorFaults(), rss);
    }

    /** Why the fault counters of {@code scope} cannot be read here. */
    static String faultsProblem(Scope scope) {
        String why = scope == Scope.THREAD ? ThreadCounters.unavailableReason() : NativeSupport.procProblem();
        String what = scope == Scope.THREAD ? "the test thread's page faults (getrusage RUSAGE_THREAD)"
                : "the process's page faults (getrusage RUSAGE_SELF, /proc/self/stat)";
        return what + " cannot be read" + (why == null ? "" : ": " + why);
    }

    /** Why RSS cannot be read here. */
    static String rssProblem() {
        String why = NativeSupport.procProblem();
        return "the process's RSS (/proc/self/statm) cannot be read" + (why == null ? "" : ": " + why);
    }
}
