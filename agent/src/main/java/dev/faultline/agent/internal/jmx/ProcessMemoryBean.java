package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.memory.MemoryMonitor;
import dev.faultline.agent.internal.memory.MemorySample;
import dev.faultline.agent.internal.memory.OvercommitContext;
import dev.faultline.agent.internal.memory.rss.RssClassification;
import dev.faultline.nativebridge.OvercommitMode;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

import java.util.List;

/**
 * The ProcessMemory MXBean. Each counter is read when its attribute is asked for, so
 * that what JConsole shows is the value at that moment (a tick can be a period old); the
 * fault rates come from the monitor, which alone sees two readings a period apart.
 */
public final class ProcessMemoryBean implements ProcessMemoryMXBean {
    public static final String NAME = "dev.faultline:type=ProcessMemory";

    private final MemoryMonitor monitor;

    /** A bean over this monitor ({@code null}: no monitor, rates 0). */
    public ProcessMemoryBean(MemoryMonitor monitor) {
        this.monitor = monitor;
    }

    /** Registers the bean in the platform MBean server (replacing one left by an earlier attach). */
    public void register() throws Exception {
        PlatformBeans.register(this, ProcessMemoryMXBean.class, NAME);
    }

    /** Unregisters the bean, if registered. */
    public static void unregister() {
        PlatformBeans.unregister(NAME);
    }

    private static ProcessMemory process() {
        return ProcessMemory.now();
    }

    private static SystemMemory system() {
        return SystemMemory.now();
    }

    private MemorySample latest() {
        return monitor == null ? null : monitor.latest();
    }

    @Override
    public boolean isAvailable() {
        return process().available();
    }

    @Override
    public long getVmSize() {
        return process().size();
    }

    @Override
    public long getVmPeak() {
        return process().peakSize();
    }

    @Override
    public long getRss() {
        return process().rss();
    }

    @Override
    public long getRssPeak() {
        return process().peakRss();
    }

    @Override
    public long getRssAnon() {
        return process().rssAnon();
    }

    @Override
    public long getRssFile() {
        return process().rssFile();
    }

    @Override
    public long getRssShmem() {
        return process().rssShmem();
    }

    @Override
    public long getSwap() {
        return process().swap();
    }

    @Override
    public long getMinorFaults() {
        return process().minorFaults();
    }

    @Override
    public long getMajorFaults() {
        return process().majorFaults();
    }

    @Override
    public double getMinorFaultsPerSecond() {
        MemorySample sample = latest();
        return sample == null ? 0 : sample.minorFaultRate;
    }

    @Override
    public double getMajorFaultsPerSecond() {
        MemorySample sample = latest();
        return sample == null ? 0 : sample.majorFaultRate;
    }

    @Override
    public String getOvercommitMode() {
        return MemorySample.modeName(system().overcommitMode());
    }

    @Override
    public int getOvercommitModeValue() {
        OvercommitMode mode = system().overcommitMode();
        return mode == null ? -1 : mode.value();
    }

    @Override
    public String getOvercommitModeMeaning() {
        OvercommitMode mode = system().overcommitMode();
        return mode == null ? "unknown: /proc/sys/vm/overcommit_memory cannot be read" : mode.meaning();
    }

    @Override
    public long getOvercommitRatio() {
        return system().overcommitRatio();
    }

    @Override
    public long getOvercommitBytes() {
        return system().overcommitBytes();
    }

    @Override
    public long getCommitLimit() {
        return system().commitLimit();
    }

    @Override
    public long getCommittedAs() {
        return system().committed();
    }

    @Override
    public long getCommitHeadroom() {
        return system().commitHeadroom();
    }

    @Override
    public double getCommittedFraction() {
        SystemMemory s = system();
        return MemorySample.fraction(s.committed(), s.commitLimit());
    }

    @Override
    public long getMemTotal() {
        return system().memTotal();
    }

    @Override
    public long getMemAvailable() {
        return system().memAvailable();
    }

    @Override
    public int getCgroupVersion() {
        return system().cgroupVersion();
    }

    @Override
    public long getCgroupLimit() {
        return system().cgroupLimit();
    }

    @Override
    public long getCgroupUsage() {
        return system().cgroupUsage();
    }

    @Override
    public String getOvercommitContext() {
        return OvercommitContext.describe(MemorySample.take(null, monitor == null ? null : monitor.containerSampler()));
    }

    @Override
    public long getMonitorPeriodMillis() {
        return monitor == null ? 0 : monitor.periodMillis();
    }

    @Override
    public boolean isMonitorRunning() {
        return monitor != null && monitor.running();
    }

    @Override
    public long getLastSampleTime() {
        MemorySample sample = latest();
        return sample == null ? 0 : sample.epochMillis;
    }

    @Override
    public RssClassRow[] classifyRss() {
        List<RssClassification.Row> rows = RssClassification.now().rows;
        RssClassRow[] out = new RssClassRow[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = RssClassRow.of(rows.get(i));
        }
        return out;
    }

    @Override
    public String rssReport() {
        return RssClassification.now().text();
    }
}
