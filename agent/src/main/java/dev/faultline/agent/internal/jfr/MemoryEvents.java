package dev.faultline.agent.internal.jfr;

import dev.faultline.agent.internal.memory.MemorySample;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

/**
 * Commits the memory monitor's two periodic events for one sample, each only when a
 * recording has it enabled (otherwise an event object is made and dropped, nothing more).
 */
public final class MemoryEvents {
    private MemoryEvents() {
    }

    /** Whether JFR has registered the two event classes (their first objects have been made). */
    private static volatile boolean registered;
    /** The events of the sample being taken, begun when its reads began; only under the monitor's lock. */
    private static ProcessMemoryEvent pendingProcess;
    private static OvercommitEvent pendingOvercommit;

    /**
     * Begins the two events of the sample about to be taken, so that their time is the
     * sample's (its reads take from microseconds to milliseconds, and a commit's time would
     * wander with them). Called by the monitor right before each sample.
     */
    public static void beginSample() {
        pendingProcess = null;
        pendingOvercommit = null;
        if (registered && JfrGate.up()) {
            pendingProcess = new ProcessMemoryEvent();
            pendingProcess.begin();
            pendingOvercommit = new OvercommitEvent();
            pendingOvercommit.begin();
        }
    }

    /**
     * Makes JFR register the two event classes now, when a recording is on: the first event
     * of a class costs JFR a registration (tenths of a second at start-up), and an event
     * committed that late would carry a time well after its sample's.
     */
    public static void warmUp() {
        if (!registered && JfrGate.up()) {
            new ProcessMemoryEvent().isEnabled();
            new OvercommitEvent().isEnabled();
            registered = true;
        }
    }

    /**
     * Commits {@code faultline.ProcessMemory} and {@code faultline.Overcommit} for this sample,
     * if enabled; not the first sample after a recording started later than the monitor.
     */
    public static void emit(MemorySample sample) {
        if (!JfrGate.up()) {
            return;
        }
        if (!registered) {
            // a recording started after the monitor: this sample is dropped, since registering the
            // event classes now would date its events tenths of a second after it; the next ones go out
            warmUp();
            return;
        }
        ProcessMemoryEvent process = pendingProcess != null ? pendingProcess : new ProcessMemoryEvent();
        pendingProcess = null;
        if (process.isEnabled() && sample.process.available()) {
            ProcessMemory p = sample.process;
            process.vmSize = p.size();
            process.rss = p.rss();
            process.rssAnon = p.rssAnon();
            process.rssFile = p.rssFile();
            process.rssShmem = p.rssShmem();
            process.swap = p.swap();
            process.peakRss = p.peakRss();
            process.minorFaults = p.minorFaults();
            process.majorFaults = p.majorFaults();
            process.minorFaultRate = sample.minorFaultRate;
            process.majorFaultRate = sample.majorFaultRate;
            process.commit();
        }
        OvercommitEvent overcommit = pendingOvercommit != null ? pendingOvercommit : new OvercommitEvent();
        pendingOvercommit = null;
        if (overcommit.isEnabled() && sample.system.available()) {
            SystemMemory s = sample.system;
            overcommit.mode = sample.modeName();
            overcommit.modeValue = sample.modeValue();
            overcommit.overcommitRatio = s.overcommitRatio() < 0 ? -1 : s.overcommitRatio() / 100.0;
            overcommit.overcommitBytes = s.overcommitBytes();
            overcommit.commitLimit = s.commitLimit();
            overcommit.committedAs = s.committed();
            overcommit.committedFraction = sample.committedFraction();
            overcommit.memTotal = s.memTotal();
            overcommit.memAvailable = s.memAvailable();
            overcommit.cgroupLimit = s.cgroupLimit();
            overcommit.cgroupUsage = s.cgroupVersion() == 0 ? -1 : s.cgroupUsage();
            overcommit.commit();
        }
    }
}
