package dev.faultline.agent.internal.memory;

import dev.faultline.agent.internal.memory.rss.RssClassification;
import dev.faultline.agent.internal.options.OomWarn;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryFigure;
import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryPressure;
import dev.faultline.nativebridge.internal.Decimals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the memory monitor's samples say about being stopped for memory, over the run: the
 * lowest headroom and when, the OOM kills in the cgroup since the agent started, and two
 * decisions per sample — whether pressure or the cgroup's event counters moved since the
 * sample before ({@link Tick#moved}), and whether to warn ({@link Tick#risk}): the headroom
 * fell under {@code oom-warn}, or the OOM killer killed a process in the cgroup (a sibling:
 * this JVM is alive to see it).
 *
 * <p>A warning for the headroom is given once when it falls under the threshold, and again
 * only after it has come back above 125% of it (a headroom that hovers at the threshold
 * would warn every tick). Samples come from the monitor thread, under its lock; the
 * figures read by others are volatile.
 */
public final class ContainerWatch {
    /** A headroom warning re-arms once the headroom is back above this share of the threshold. */
    static final double REARM = 1.25;

    private final OomWarn warn;
    private ContainerMemory previous;
    private String baselinePath;
    private long baselineOomKills = -1;
    private boolean warned;
    private volatile long oomKillsSinceStart;
    private volatile long warnings;
    private volatile long lowestHeadroom = Long.MAX_VALUE;
    private volatile long lowestAtMillis;
    private volatile String lowestBound = "";
    private volatile double lowestShare = -1;
    private volatile double highestPressure10 = -1;

    public ContainerWatch(OomWarn warn) {
        this.warn = warn;
    }

    /** What one sample showed beyond its figures. */
    public static final class Tick {
        public final MemorySample sample;
        /** What moved since the sample before, in words; {@code null} when nothing did (or for the first). */
        public final String moved;
        /** Stall time since the sample before, µs ({@code some} and {@code full}); -1 when unknown. */
        public final long stallMicros;
        public final long fullStallMicros;
        /** The pressure's source: {@code cgroup}, {@code system} or {@code unavailable}. */
        public final String pressureSource;
        /** Counter increases since the sample before; -1 where the version has no such counter. */
        public final long failCountIncrease;
        public final long highIncrease;
        public final long maxIncrease;
        public final long oomIncrease;
        public final long oomKillIncrease;
        /** Why to warn, in words; {@code null}: no warning. */
        public final String risk;
        /** The {@code oom-warn} threshold in bytes for this sample's binding limit; -1 when off or unknown. */
        public final long threshold;

        Tick(MemorySample sample, String moved, long stallMicros, long fullStallMicros, String pressureSource,
             long[] increases, String risk, long threshold) {
            this.sample = sample;
            this.moved = moved;
            this.stallMicros = stallMicros;
            this.fullStallMicros = fullStallMicros;
            this.pressureSource = pressureSource;
            this.failCountIncrease = increases[0];
            this.highIncrease = increases[1];
            this.maxIncrease = increases[2];
            this.oomIncrease = increases[3];
            this.oomKillIncrease = increases[4];
            this.risk = risk;
            this.threshold = threshold;
        }
    }

    private static final MemoryFigure[] COUNTERS = {MemoryFigure.FAIL_COUNT, MemoryFigure.EVENTS_HIGH,
            MemoryFigure.EVENTS_MAX, MemoryFigure.EVENTS_OOM, MemoryFigure.OOM_KILL};
    private static final String[] COUNTER_WORDS = {"memory.failcnt", "memory.events high", "memory.events max",
            "memory.events oom", "OOM kills"};

    /** Takes in one sample; returns what it showed. */
    public Tick accept(MemorySample sample) {
        ContainerMemory now = sample.container;
        MemoryHeadroom headroom = now.headroom();
        if (headroom.bound() != MemoryHeadroom.Bound.UNKNOWN && headroom.bytes() < lowestHeadroom) {
            lowestHeadroom = headroom.bytes();
            lowestAtMillis = sample.epochMillis;
            lowestBound = headroom.bound().name();
            lowestShare = headroom.fraction();
        }
        MemoryPressure pressure = ContainerUnits.pressureOf(now);
        double some10 = pressure.available() ? pressure.some10() : Double.NaN;
        if (!Double.isNaN(some10) && some10 / 100 > highestPressure10) {
            highestPressure10 = some10 / 100;
        }

        boolean sameCgroup = previous != null && now.available() && previous.available()
                && java.util.Objects.equals(now.cgroupPath(), previous.cgroupPath());
        if (now.available() && (baselinePath == null || !baselinePath.equals(now.cgroupPath()))) {
            baselinePath = now.cgroupPath(); // the first sample, or the process was moved: counts start here
            baselineOomKills = now.oomKills();
        }
        long[] increases = new long[COUNTERS.length];
        StringBuilder moved = new StringBuilder();
        for (int i = 0; i < COUNTERS.length; i++) {
            long before = sameCgroup ? previous.get(COUNTERS[i]) : ContainerMemory.UNAVAILABLE;
            long after = now.get(COUNTERS[i]);
            increases[i] = before < 0 || after < 0 ? (after < 0 ? -1 : 0) : Math.max(0, after - before);
            if (increases[i] > 0) {
                moved.append(moved.length() == 0 ? "" : ", ").append(COUNTER_WORDS[i]).append(" +").append(increases[i]);
            }
        }
        long oomKills = now.oomKills();
        if (baselineOomKills >= 0 && oomKills >= baselineOomKills) {
            oomKillsSinceStart = oomKills - baselineOomKills;
        }
        long stall = -1;
        long fullStall = -1;
        MemoryPressure before = previous == null ? null : ContainerUnits.pressureOf(previous);
        if (before != null && before.available() && pressure.available() && ContainerUnits.sourceOf(previous).equals(ContainerUnits.sourceOf(now))) {
            stall = Math.max(0, pressure.someTotalMicros() - before.someTotalMicros());
            fullStall = pressure.fullTotalMicros() < 0 || before.fullTotalMicros() < 0 ? -1
                    : Math.max(0, pressure.fullTotalMicros() - before.fullTotalMicros());
            if (stall > 0) {
                moved.append(moved.length() == 0 ? "" : ", ").append(ContainerUnits.sourceOf(now)).append(" memory stall ")
                        .append(micros(stall)).append(fullStall > 0 ? " (all tasks " + micros(fullStall) + ")" : "");
            }
        }
        previous = now;

        long threshold = headroom.bound() == MemoryHeadroom.Bound.UNKNOWN ? -1 : warn.bytesFor(headroom.limit());
        StringBuilder risk = new StringBuilder();
        if (threshold >= 0) {
            if (headroom.bytes() < threshold && !warned) {
                warned = true;
                risk.append("headroom under oom-warn=").append(warn).append(" (").append(ByteAmount.format(threshold))
                        .append(')');
            } else if (headroom.bytes() > threshold * REARM) {
                warned = false;
            }
        }
        if (increases[4] > 0) {
            risk.append(risk.length() == 0 ? "" : "; ").append("the OOM killer killed ").append(increases[4])
                    .append(increases[4] == 1 ? " process" : " processes").append(" in the cgroup ")
                    .append(now.cgroupPath());
        }
        Tick tick = new Tick(sample, moved.length() == 0 ? null : moved.toString(), stall, fullStall, ContainerUnits.sourceOf(now),
                increases, risk.length() == 0 ? null : risk.toString(), threshold);
        if (tick.risk != null) {
            warnings++;
        }
        return tick;
    }

    /**
     * The one line written on the sink for a warning: what binds and how much is left, why,
     * the OOM killer's view, and what holds this process's RSS.
     */
    public static String line(Tick tick, String topRssOwners) {
        ContainerMemory m = tick.sample.container;
        MemoryHeadroom h = m.headroom();
        StringBuilder out = new StringBuilder("faultline: oom risk: ").append(tick.risk).append(": headroom ")
                .append(ByteAmount.signed(h.bytes()));
        if (h.limit() > 0 && h.limit() != MemoryHeadroom.NOT_APPLICABLE) {
            out.append(" (").append(Decimals.oneDecimal(h.fraction() * 100, false)).append("% of ")
                    .append(ByteAmount.format(h.limit())).append(')');
        }
        out.append(", bound by ").append(h.bound().name());
        if (m.bindingLimitPath() != null) {
            out.append(" set by ").append(m.bindingLimitPath());
        }
        out.append("; usage ").append(m.usage() < 0 ? "unknown" : ByteAmount.format(m.usage()))
                .append(", oom_kill ").append(m.oomKills() < 0 ? "unknown" : Long.toString(m.oomKills()))
                .append(", oom_score ").append(m.oomScore() == ContainerMemory.NO_SCORE ? "unknown" : m.oomScore())
                .append(", RSS ").append(tick.sample.process.available() ? ByteAmount.format(tick.sample.process.rss())
                        : "unknown");
        if (topRssOwners != null && !topRssOwners.isEmpty()) {
            out.append("; RSS held by ").append(topRssOwners);
        }
        return out.append('\n').toString();
    }

    /** The largest holders of this process's RSS, e.g. {@code Java heap 120.0 MiB, thread stacks 8.1 MiB}; at most {@code n}. */
    public static String topRssOwners(RssClassification classification, int n) {
        if (!classification.available) {
            return "(unclassified: " + classification.problem + ")";
        }
        List<RssClassification.Row> rows = new ArrayList<>(classification.rows);
        rows.sort(Comparator.comparingLong((RssClassification.Row r) -> r.rss).reversed());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size() && i < n; i++) {
            if (rows.get(i).rss <= 0) {
                break;
            }
            out.append(i == 0 ? "" : ", ").append(rows.get(i).rssClass.label()).append(' ')
                    .append(ByteAmount.format(rows.get(i).rss));
        }
        return out.toString();
    }

    private static String micros(long micros) {
        return micros >= 10_000 ? Math.round(micros / 1000.0) + " ms"
                : Decimals.oneDecimal(micros / 1000.0, false) + " ms";
    }

    public OomWarn warn() {
        return warn;
    }

    /** The lowest headroom seen; {@link Long#MAX_VALUE} when none was known. */
    public long lowestHeadroom() {
        return lowestHeadroom;
    }

    /** When {@link #lowestHeadroom()} was seen, ms since the epoch; 0 when never. */
    public long lowestAtMillis() {
        return lowestAtMillis;
    }

    /** The bound of the lowest headroom ({@code CGROUP_LIMIT}...); empty when none was known. */
    public String lowestBound() {
        return lowestBound;
    }

    /** The lowest headroom's share of its limit; -1 when unknown. */
    public double lowestShare() {
        return lowestShare;
    }

    /** The highest PSI {@code some avg10} seen (cgroup's, else system's), 0 to 1; -1 when none was read. */
    public double highestPressure10() {
        return highestPressure10;
    }

    /** OOM kills in the process's cgroup since the agent started (since it was last moved). */
    public long oomKillsSinceStart() {
        return oomKillsSinceStart;
    }

    /** Warnings given. */
    public long warnings() {
        return warnings;
    }
}
