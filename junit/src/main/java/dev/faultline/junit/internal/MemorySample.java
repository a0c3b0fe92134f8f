package dev.faultline.junit.internal;

import dev.faultline.junit.Scope;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.ThreadCounters;

/**
 * The counters a memory budget needs, read once on the thread that runs the test; -1 (or
 * {@code null}) where not read.
 */
final class MemorySample {
    final boolean faultsAvailable;
    final long minorFaults;
    final long majorFaults;
    final long rss;
    final HeadroomReading headroom;

    private MemorySample(boolean faultsAvailable, long minorFaults, long majorFaults, long rss,
            HeadroomReading headroom) {
        this.faultsAvailable = faultsAvailable;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.rss = rss;
        this.headroom = headroom;
    }

    /**
     * Read just before the test body: the headroom first (it reads some twenty files and
     * allocates), then RSS, so that the fault counters are the last thing read.
     */
    static MemorySample before(MemoryLimits limits) {
        HeadroomReading headroom = limits.limitsHeadroom() ? HeadroomReading.now() : null;
        long rss = limits.limitsRss() ? ProcessMemory.currentRss() : -1;
        return faults(limits, rss, headroom);
    }

    /** Read just after the test body: the fault counters first, then RSS, then the headroom. */
    static MemorySample after(MemoryLimits limits) {
        MemorySample faults = faults(limits, -1, null);
        long rss = limits.limitsRss() ? ProcessMemory.currentRss() : -1;
        HeadroomReading headroom = limits.limitsHeadroom() ? HeadroomReading.now() : null;
        return new MemorySample(faults.faultsAvailable, faults.minorFaults, faults.majorFaults, rss, headroom);
    }

    private static MemorySample faults(MemoryLimits limits, long rss, HeadroomReading headroom) {
        if (!limits.limitsFaults()) {
            return new MemorySample(false, -1, -1, rss, headroom);
        }
        if (limits.scope == Scope.THREAD) {
            ThreadCounters c = ThreadCounters.quick();
            return new MemorySample(c.available(), c.minorFaults(), c.majorFaults(), rss, headroom);
        }
        ProcessMemory p = ProcessMemory.now();
        return new MemorySample(p.available(), p.minorFaults(), p.majorFaults(), rss, headroom);
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
