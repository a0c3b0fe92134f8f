package dev.faultline.agent.internal.jfr;

import dev.faultline.agent.internal.memory.ContainerUnits;
import dev.faultline.agent.internal.memory.ContainerWatch;
import dev.faultline.agent.internal.memory.MemorySample;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryFigure;
import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryPressure;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

/**
 * Commits the memory monitor's three periodic events for one sample ({@code faultline.ProcessMemory},
 * {@code faultline.Overcommit}, {@code faultline.Container}), each only when a recording has
 * it enabled (otherwise an event object is made and dropped, nothing more), and the two it
 * emits when something happens ({@code faultline.MemoryPressure}, {@code faultline.OomRisk}).
 */
public final class MemoryEvents {
    private MemoryEvents() {
    }

    /** Whether JFR has registered the two event classes (their first objects have been made). */
    private static volatile boolean registered;
    /** The events of the sample being taken, begun when its reads began; only under the monitor's lock. */
    private static ProcessMemoryEvent pendingProcess;
    private static OvercommitEvent pendingOvercommit;
    private static ContainerEvent pendingContainer;

    /**
     * Begins the two events of the sample about to be taken, so that their time is the
     * sample's (its reads take from microseconds to milliseconds, and a commit's time would
     * wander with them). Called by the monitor right before each sample.
     */
    public static void beginSample() {
        pendingProcess = null;
        pendingOvercommit = null;
        pendingContainer = null;
        if (registered && JfrGate.up()) {
            pendingContainer = new ContainerEvent();
            pendingContainer.begin();
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
            new ContainerEvent().isEnabled();
            new MemoryPressureEvent().isEnabled();
            new OomRiskEvent().isEnabled();
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
        ContainerEvent container = pendingContainer != null ? pendingContainer : new ContainerEvent();
        pendingContainer = null;
        if (container.isEnabled()) {
            fill(container, sample.container);
            container.commit();
        }
    }

    private static void fill(ContainerEvent e, ContainerMemory m) {
        e.cgroupVersion = m.cgroupVersion();
        e.cgroupPath = m.cgroupPath() == null ? "" : m.cgroupPath();
        e.available = m.available();
        e.problem = m.problem() == null ? "" : m.problem();
        e.usage = m.usage();
        e.peakUsage = m.get(MemoryFigure.PEAK);
        e.limit = ContainerUnits.limit(m.get(MemoryFigure.LIMIT));
        e.bindingLimit = ContainerUnits.limit(m.bindingLimit());
        e.bindingCgroup = m.bindingLimitPath() == null ? "" : m.bindingLimitPath();
        e.bindingUsage = m.bindingLimitUsage();
        e.high = ContainerUnits.limit(m.get(MemoryFigure.HIGH));
        e.swapUsage = m.cgroupVersion() == 2 ? m.get(MemoryFigure.SWAP_USAGE) : m.get(MemoryFigure.MEMSW_USAGE);
        e.bindingSwapLimit = ContainerUnits.limit(m.bindingSwapLimit());
        e.anon = m.get(MemoryFigure.ANON);
        e.file = m.get(MemoryFigure.FILE);
        e.inactiveFile = m.get(MemoryFigure.INACTIVE_FILE);
        e.shmem = m.get(MemoryFigure.SHMEM);
        e.fileMapped = m.get(MemoryFigure.FILE_MAPPED);
        e.fileDirty = m.get(MemoryFigure.FILE_DIRTY);
        e.fileWriteback = m.get(MemoryFigure.FILE_WRITEBACK);
        e.kernel = m.get(MemoryFigure.KERNEL);
        e.slab = m.get(MemoryFigure.SLAB);
        e.sock = m.get(MemoryFigure.SOCK);
        e.failCount = m.get(MemoryFigure.FAIL_COUNT);
        e.highEvents = m.get(MemoryFigure.EVENTS_HIGH);
        e.maxEvents = m.get(MemoryFigure.EVENTS_MAX);
        e.oomEvents = m.get(MemoryFigure.EVENTS_OOM);
        e.oomKills = m.oomKills();
        MemoryHeadroom h = m.headroom();
        e.headroom = ContainerUnits.headroomBytes(h);
        e.headroomShare = h.fraction();
        e.boundBy = h.bound().name();
        e.why = h.reason();
        e.oomScore = ContainerUnits.score(m);
        e.oomScoreAdj = ContainerUnits.scoreAdj(m);
        MemoryPressure p = ContainerUnits.pressureOf(m);
        e.pressureSome10 = ContainerUnits.share(p.some10());
        e.pressureFull10 = ContainerUnits.share(p.full10());
        e.pressureSomeTotal = p.someTotalMicros();
        e.pressureFullTotal = p.fullTotalMicros();
        e.pressureSource = ContainerUnits.sourceOf(m);
        e.systemPressureSome10 = ContainerUnits.share(m.systemPressure().some10());
    }

    /** Commits {@code faultline.MemoryPressure} for a tick in which something moved, if enabled. */
    public static void emitPressure(ContainerWatch.Tick tick) {
        if (!registered || !JfrGate.up()) {
            return;
        }
        MemoryPressureEvent e = new MemoryPressureEvent();
        if (!e.isEnabled()) {
            return;
        }
        ContainerMemory m = tick.sample.container;
        e.cgroupPath = m.cgroupPath() == null ? "" : m.cgroupPath();
        e.moved = tick.moved;
        e.stall = tick.stallMicros;
        e.fullStall = tick.fullStallMicros;
        e.pressureSource = tick.pressureSource;
        e.pressureSome10 = ContainerUnits.share(ContainerUnits.pressureOf(m).some10());
        e.failCountIncrease = tick.failCountIncrease;
        e.highEventsIncrease = tick.highIncrease;
        e.maxEventsIncrease = tick.maxIncrease;
        e.oomEventsIncrease = tick.oomIncrease;
        e.oomKillsIncrease = tick.oomKillIncrease;
        e.usage = m.usage();
        e.bindingLimit = ContainerUnits.limit(m.bindingLimit());
        e.headroom = ContainerUnits.headroomBytes(m.headroom());
        e.commit();
    }

    /** Commits {@code faultline.OomRisk} for a tick that warned, if enabled. */
    public static void emitRisk(ContainerWatch.Tick tick, String topRssOwners) {
        if (!JfrGate.up()) {
            return;
        }
        if (!registered) {
            warmUp(); // a warning is rare and worth its late registration
        }
        OomRiskEvent e = new OomRiskEvent();
        if (!e.isEnabled()) {
            return;
        }
        ContainerMemory m = tick.sample.container;
        MemoryHeadroom h = m.headroom();
        e.trigger = tick.risk;
        e.headroom = ContainerUnits.headroomBytes(h);
        e.headroomShare = h.fraction();
        e.threshold = tick.threshold;
        e.boundBy = h.bound().name();
        e.why = h.reason();
        e.cgroupPath = m.cgroupPath() == null ? "" : m.cgroupPath();
        e.bindingCgroup = m.bindingLimitPath() == null ? "" : m.bindingLimitPath();
        e.bindingLimit = ContainerUnits.limit(m.bindingLimit());
        e.usage = m.usage();
        e.oomKillsIncrease = tick.oomKillIncrease;
        e.oomKills = m.oomKills();
        e.oomScore = ContainerUnits.score(m);
        e.rss = tick.sample.process.available() ? tick.sample.process.rss() : -1;
        e.topRssOwners = topRssOwners == null ? "" : topRssOwners;
        e.commit();
    }
}
