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

    /** Commits {@code faultline.ProcessMemory} and {@code faultline.Overcommit} for this sample, if enabled. */
    public static void emit(MemorySample sample) {
        if (!JfrGate.up()) {
            return;
        }
        ProcessMemoryEvent process = new ProcessMemoryEvent();
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
        OvercommitEvent overcommit = new OvercommitEvent();
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
