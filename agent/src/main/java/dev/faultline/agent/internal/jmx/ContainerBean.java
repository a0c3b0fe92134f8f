package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.agent.internal.memory.ContainerUnits;
import dev.faultline.agent.internal.memory.ContainerWatch;
import dev.faultline.agent.internal.memory.MemoryMonitor;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryFigure;
import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryPressure;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Container MXBean. The figures of one reading serve every attribute asked for within
 * {@value #FRESH_MILLIS} ms of it (a monitoring tool asks for tens of attributes at once: one
 * reading, not tens); later ones read the files again, through the memory monitor's sampler
 * (files kept open) or, without a monitor, afresh. The run's figures (lowest headroom, OOM
 * kills, warnings) come from the monitor's {@link ContainerWatch}.
 */
public final class ContainerBean implements ContainerMXBean {
    public static final String NAME = "dev.faultline:type=Container";
    static final long FRESH_MILLIS = 200;

    private final MemoryMonitor monitor;
    private final ContainerWatch watch;
    private ContainerMemory reading;
    private long readAtNanos;

    /** A bean over this monitor and watch ({@code null} monitor: each reading opens the files). */
    public ContainerBean(MemoryMonitor monitor, ContainerWatch watch) {
        this.monitor = monitor;
        this.watch = watch;
    }

    public void register() throws Exception {
        PlatformBeans.register(this, ContainerMXBean.class, NAME);
    }

    public static void unregister() {
        PlatformBeans.unregister(NAME);
    }

    private synchronized ContainerMemory m() {
        long now = System.nanoTime();
        if (reading == null || now - readAtNanos > TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS)) {
            reading = monitor == null ? ContainerMemory.now() : monitor.containerSampler().sample();
            readAtNanos = now;
        }
        return reading;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    @Override
    public boolean isAvailable() {
        return m().available();
    }

    @Override
    public String getProblem() {
        return text(m().problem());
    }

    @Override
    public int getCgroupVersion() {
        return m().cgroupVersion();
    }

    @Override
    public String getCgroupPath() {
        return text(m().cgroupPath());
    }

    @Override
    public long getUsage() {
        return m().usage();
    }

    @Override
    public long getPeakUsage() {
        return m().get(MemoryFigure.PEAK);
    }

    @Override
    public long getLimit() {
        return ContainerUnits.limit(m().get(MemoryFigure.LIMIT));
    }

    @Override
    public long getBindingLimit() {
        return ContainerUnits.limit(m().bindingLimit());
    }

    @Override
    public String getBindingLimitPath() {
        return text(m().bindingLimitPath());
    }

    @Override
    public long getBindingLimitUsage() {
        return m().bindingLimitUsage();
    }

    @Override
    public long getHigh() {
        return ContainerUnits.limit(m().get(MemoryFigure.HIGH));
    }

    @Override
    public long getSwapUsage() {
        ContainerMemory m = m();
        if (m.cgroupVersion() == 2) {
            return m.get(MemoryFigure.SWAP_USAGE);
        }
        long memsw = m.get(MemoryFigure.MEMSW_USAGE);
        return memsw < 0 || m.usage() < 0 ? -1 : Math.max(0, memsw - m.usage());
    }

    @Override
    public long getBindingSwapLimit() {
        return ContainerUnits.limit(m().bindingSwapLimit());
    }

    @Override
    public long getAnon() {
        return m().get(MemoryFigure.ANON);
    }

    @Override
    public long getFile() {
        return m().get(MemoryFigure.FILE);
    }

    @Override
    public long getInactiveFile() {
        return m().get(MemoryFigure.INACTIVE_FILE);
    }

    @Override
    public long getShmem() {
        return m().get(MemoryFigure.SHMEM);
    }

    @Override
    public long getFileMapped() {
        return m().get(MemoryFigure.FILE_MAPPED);
    }

    @Override
    public long getFileDirty() {
        return m().get(MemoryFigure.FILE_DIRTY);
    }

    @Override
    public long getKernel() {
        return m().get(MemoryFigure.KERNEL);
    }

    @Override
    public long getHeadroom() {
        return ContainerUnits.headroomBytes(m().headroom());
    }

    @Override
    public double getHeadroomFraction() {
        return m().headroom().fraction();
    }

    @Override
    public String getHeadroomBound() {
        return m().headroom().bound().name();
    }

    @Override
    public String getHeadroomReason() {
        return m().headroom().reason();
    }

    @Override
    public long getLowestHeadroom() {
        long lowest = watch.lowestHeadroom();
        return lowest == Long.MAX_VALUE ? -1 : lowest;
    }

    @Override
    public long getOomKills() {
        return m().oomKills();
    }

    @Override
    public long getOomKillsSinceStart() {
        return watch.oomKillsSinceStart();
    }

    @Override
    public long getFailCount() {
        return m().get(MemoryFigure.FAIL_COUNT);
    }

    @Override
    public long getHighEvents() {
        return m().get(MemoryFigure.EVENTS_HIGH);
    }

    @Override
    public long getMaxEvents() {
        return m().get(MemoryFigure.EVENTS_MAX);
    }

    @Override
    public long getOomEvents() {
        return m().get(MemoryFigure.EVENTS_OOM);
    }

    @Override
    public int getOomScore() {
        return ContainerUnits.score(m());
    }

    @Override
    public int getOomScoreAdj() {
        return ContainerUnits.scoreAdj(m());
    }

    private MemoryPressure pressure() {
        return ContainerUnits.pressureOf(m());
    }

    @Override
    public double getPressureSomeAvg10() {
        return ContainerUnits.share(pressure().some10());
    }

    @Override
    public double getPressureFullAvg10() {
        return ContainerUnits.share(pressure().full10());
    }

    @Override
    public double getPressureSomeSeconds() {
        long micros = pressure().someTotalMicros();
        return micros < 0 ? -1 : micros / 1e6;
    }

    @Override
    public double getPressureFullSeconds() {
        long micros = pressure().fullTotalMicros();
        return micros < 0 ? -1 : micros / 1e6;
    }

    @Override
    public String getPressureSource() {
        return ContainerUnits.sourceOf(m());
    }

    @Override
    public double getSystemPressureSomeAvg10() {
        return ContainerUnits.share(m().systemPressure().some10());
    }

    @Override
    public long getOomWarnBytes() {
        MemoryHeadroom h = m().headroom();
        return h.bound() == MemoryHeadroom.Bound.UNKNOWN ? -1 : watch.warn().bytesFor(h.limit());
    }

    @Override
    public long getOomRiskWarnings() {
        return watch.warnings();
    }

    @Override
    public String getSummary() {
        return summary(m(), watch);
    }

    /** The container picture in words (also the exit report's and {@code doctor}'s source of phrasing). */
    public static String summary(ContainerMemory m, ContainerWatch watch) {
        StringBuilder out = new StringBuilder();
        if (m.available()) {
            out.append("cgroup v").append(m.cgroupVersion()).append(' ').append(m.cgroupPath()).append(": usage ")
                    .append(ByteAmount.format(m.usage()));
            if (m.bindingLimitPath() != null) {
                out.append(", binding limit ").append(ByteAmount.format(m.bindingLimit())).append(" set by ")
                        .append(m.bindingLimitPath());
            } else {
                out.append(", no memory limit on the way to the root");
            }
            out.append(", OOM kills ").append(m.oomKills() < 0 ? "unknown" : Long.toString(m.oomKills())).append(". ");
        } else {
            out.append("memory cgroup unavailable: ").append(m.problem()).append(". ");
        }
        MemoryHeadroom h = m.headroom();
        if (h.bound() != MemoryHeadroom.Bound.UNKNOWN) {
            out.append("Headroom ").append(ByteAmount.signed(h.bytes()));
            if (h.fraction() != -1) {
                out.append(String.format(Locale.ROOT, " (%.1f%%)", h.fraction() * 100));
            }
            out.append(", bound by ").append(h.bound().name()).append(": ");
        }
        out.append(h.reason());
        MemoryPressure p = ContainerUnits.pressureOf(m);
        if (p.available()) {
            out.append(String.format(Locale.ROOT, " Memory pressure (%s): some %.2f%%, full %.2f%% of the last 10 s.",
                    ContainerUnits.sourceOf(m), p.some10(), p.full10()));
        }
        if (watch != null && watch.warnings() > 0) {
            out.append(" oom-warn warnings so far: ").append(watch.warnings()).append('.');
        }
        return out.toString();
    }
}
