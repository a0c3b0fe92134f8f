package dev.faultline.agent.internal.memory;

import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryPressure;

/**
 * {@link ContainerMemory}'s figures in the units that the JFR events, the Container MXBean,
 * the reports and the CLI share: bytes or -1 (unknown, or a limit that is not set),
 * pressure as a share from 0 to 1 or -1, {@code oom_score} -1 and {@code oom_score_adj}
 * -1001 when unreadable (-1 is a real adjustment), and whose pressure counts.
 */
public final class ContainerUnits {
    /** {@code oom_score_adj} that could not be read. */
    public static final int NO_SCORE_ADJ = -1001;

    private ContainerUnits() {
    }

    /** A limit: bytes, or -1 for none or unknown. */
    public static long limit(long value) {
        return value == ContainerMemory.NO_LIMIT || value < 0 ? -1 : value;
    }

    /** A PSI percentage as a share, 0 to 1; -1 when unavailable. */
    public static double share(double percent) {
        return Double.isNaN(percent) || percent < 0 ? -1 : percent / 100;
    }

    /** Headroom bytes; -1 when unknown (a headroom can be negative, but not {@link MemoryHeadroom#NOT_APPLICABLE}). */
    public static long headroomBytes(MemoryHeadroom h) {
        return h.bound() == MemoryHeadroom.Bound.UNKNOWN ? -1 : h.bytes();
    }

    /** {@code oom_score}, -1 when unreadable. */
    public static int score(ContainerMemory m) {
        return m.oomScore() == ContainerMemory.NO_SCORE ? -1 : m.oomScore();
    }

    /** {@code oom_score_adj}, {@link #NO_SCORE_ADJ} when unreadable. */
    public static int scoreAdj(ContainerMemory m) {
        return m.oomScoreAdj() == ContainerMemory.NO_SCORE ? NO_SCORE_ADJ : m.oomScoreAdj();
    }

    /** The pressure that matters for the cgroup: its own (v2), else the system's. */
    public static MemoryPressure pressureOf(ContainerMemory m) {
        return m.cgroupPressure().available() ? m.cgroupPressure() : m.systemPressure();
    }

    /** {@code cgroup}, {@code system} or {@code unavailable}: whose pressure {@link #pressureOf} gives. */
    public static String sourceOf(ContainerMemory m) {
        return m.cgroupPressure().available() ? "cgroup" : m.systemPressure().available() ? "system" : "unavailable";
    }
}
