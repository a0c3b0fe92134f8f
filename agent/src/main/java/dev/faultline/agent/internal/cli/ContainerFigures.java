package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.agent.internal.memory.ContainerUnits;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryPressure;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The container memory figures that {@code doctor} and {@code top} show, in the units and
 * with the names of the {@code dev.faultline:type=Container} MXBean: bytes, {@code -1} for a
 * figure that cannot be had or a limit that is not set, pressure as a share from 0 to 1.
 * {@code top} reads them from that MXBean in the watched JVM, {@code doctor} from
 * {@link ContainerMemory} in its own.
 */
final class ContainerFigures {
    /** The Container MXBean's attributes that {@code top} reads, in one request. */
    static final List<String> ATTRIBUTES = List.of("Available", "CgroupVersion", "CgroupPath", "Usage",
            "BindingLimit", "BindingLimitPath", "BindingLimitUsage", "Headroom", "HeadroomBound",
            "PressureSomeAvg10", "PressureFullAvg10", "PressureSource", "OomKills");
    /** Under this share of the binding limit left, {@code doctor} warns. */
    static final double LOW_HEADROOM = 0.10;
    /** {@link #oomScore} or {@link #oomScoreAdj} not read (the MXBean's -1 is a real {@code oom_score_adj}). */
    static final int NO_SCORE = ContainerUnits.NO_SCORE_ADJ;

    final boolean available;
    final String problem;
    final int cgroupVersion;
    final String cgroupPath;
    final long usage;
    final long bindingLimit;
    final String bindingLimitPath;
    final long bindingLimitUsage;
    /** Bytes left before {@link #headroomBound}; meaningless when that is {@code UNKNOWN}. */
    final long headroom;
    final String headroomBound;
    final String headroomReason;
    final double pressureSome10;
    final double pressureFull10;
    final String pressureSource;
    final long oomKills;
    final int oomScore;
    final int oomScoreAdj;

    private ContainerFigures(Map<String, Object> v) {
        available = Boolean.TRUE.equals(v.get("Available"));
        problem = text(v, "Problem");
        cgroupVersion = (int) Math.max(0, number(v, "CgroupVersion"));
        cgroupPath = text(v, "CgroupPath");
        usage = number(v, "Usage");
        bindingLimit = number(v, "BindingLimit");
        bindingLimitPath = text(v, "BindingLimitPath");
        bindingLimitUsage = number(v, "BindingLimitUsage");
        headroomBound = v.get("HeadroomBound") instanceof String ? (String) v.get("HeadroomBound") : "UNKNOWN";
        headroom = v.get("Headroom") instanceof Number ? ((Number) v.get("Headroom")).longValue() : -1;
        headroomReason = text(v, "HeadroomReason");
        pressureSome10 = share(v, "PressureSomeAvg10");
        pressureFull10 = share(v, "PressureFullAvg10");
        pressureSource = text(v, "PressureSource");
        oomKills = number(v, "OomKills");
        oomScore = v.get("OomScore") instanceof Number && ((Number) v.get("OomScore")).intValue() >= 0
                ? ((Number) v.get("OomScore")).intValue() : NO_SCORE;
        oomScoreAdj = v.get("OomScoreAdj") instanceof Number ? ((Number) v.get("OomScoreAdj")).intValue() : NO_SCORE;
    }

    /** The figures of one read of the MXBean's {@link #ATTRIBUTES} (any may be missing: they read as unknown). */
    static ContainerFigures of(Map<String, Object> attributes) {
        return new ContainerFigures(attributes);
    }

    /** The figures of this JVM's own {@link ContainerMemory}, turned into the MXBean's units. */
    static ContainerFigures of(ContainerMemory m) {
        Map<String, Object> v = new HashMap<>();
        v.put("Available", m.available());
        v.put("Problem", m.problem() == null ? "" : m.problem());
        v.put("CgroupVersion", m.cgroupVersion());
        v.put("CgroupPath", m.cgroupPath() == null ? "" : m.cgroupPath());
        v.put("Usage", m.usage());
        v.put("BindingLimit", ContainerUnits.limit(m.bindingLimit()));
        v.put("BindingLimitPath", m.bindingLimitPath() == null ? "" : m.bindingLimitPath());
        v.put("BindingLimitUsage", m.bindingLimitUsage());
        MemoryHeadroom headroom = m.headroom();
        v.put("HeadroomBound", headroom.bound().name());
        v.put("Headroom", ContainerUnits.headroomBytes(headroom));
        v.put("HeadroomReason", headroom.reason());
        MemoryPressure pressure = ContainerUnits.pressureOf(m);
        v.put("PressureSource", ContainerUnits.sourceOf(m));
        v.put("PressureSomeAvg10", ContainerUnits.share(pressure.some10()));
        v.put("PressureFullAvg10", ContainerUnits.share(pressure.full10()));
        v.put("OomKills", m.oomKills());
        v.put("OomScore", ContainerUnits.score(m));
        v.put("OomScoreAdj", ContainerUnits.scoreAdj(m));
        return new ContainerFigures(v);
    }

    /** Whether a memory limit applies to the cgroup (its own or an ancestor's). */
    boolean limited() {
        return bindingLimit >= 0;
    }

    /** Whether {@link #headroom} was found. */
    boolean headroomKnown() {
        return !headroomBound.equals("UNKNOWN");
    }

    /** {@link #headroom} as a share of {@link #bindingLimit} (negative when over); NaN without a limit or headroom. */
    double headroomFraction() {
        return bindingLimit > 0 && headroomKnown() ? (double) headroom / bindingLimit : Double.NaN;
    }

    /** Whether the headroom is under {@link #LOW_HEADROOM} of the binding limit, or negative. */
    boolean headroomLow() {
        return headroomKnown() && (headroom < 0 || limited() && headroom < LOW_HEADROOM * bindingLimit);
    }

    /** Whether PSI figures were read. */
    boolean pressureKnown() {
        return !Double.isNaN(pressureSome10) || !Double.isNaN(pressureFull10);
    }

    /** The usage that goes with {@link #bindingLimit}: the binding cgroup's, else the process's cgroup's own. */
    long limitUsage() {
        return limited() && bindingLimitUsage >= 0 ? bindingLimitUsage : usage;
    }

    /** {@code 155.5 MiB (61% of the limit) before the cgroup limit}, {@code -3.0 MiB (over the limit) ...}, {@code unknown}. */
    String headroomInWords() {
        if (!headroomKnown()) {
            return "unknown";
        }
        String share = Double.isNaN(headroomFraction()) ? ""
                : headroom < 0 ? " (over the limit)" : " (" + ByteAmount.percent(headroomFraction()) + " of the limit)";
        return ByteAmount.signed(headroom) + share + " before " + boundInWords();
    }

    /** What {@link #headroomBound} means, e.g. {@code the cgroup limit}. */
    String boundInWords() {
        switch (headroomBound) {
            case "CGROUP_LIMIT": return "the cgroup limit";
            case "CGROUP_MEMORY_AND_SWAP_LIMIT": return "the cgroup's memory-plus-swap limit";
            case "COMMIT_LIMIT": return "the commit limit (overcommit mode 2)";
            case "AVAILABLE_MEMORY": return "the system's available memory";
            default: return headroomBound.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** A share (0.0123) as the kernel writes PSI: {@code 1.23%}; {@code n/a} when unknown. */
    static String pressurePercent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    private static long number(Map<String, Object> values, String name) {
        Object value = values.get(name);
        return value instanceof Number ? ((Number) value).longValue() : -1;
    }

    private static String text(Map<String, Object> values, String name) {
        Object value = values.get(name);
        return value == null ? "" : value.toString();
    }

    /** A share from 0 to 1; NaN for a negative (the MXBean's "unknown") or missing one. */
    private static double share(Map<String, Object> values, String name) {
        Object value = values.get(name);
        double share = value instanceof Number ? ((Number) value).doubleValue() : Double.NaN;
        return share >= 0 ? share : Double.NaN;
    }
}
