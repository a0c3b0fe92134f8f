package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.memory.ContainerUnits;
import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.agent.internal.memory.ContainerWatch;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryHeadroom;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reports' container lines: the memory cgroup and the limit that binds at exit, and over
 * the run the lowest headroom (when, bound by what), the OOM kills seen in the cgroup, the
 * {@code oom-warn} warnings and the highest memory pressure.
 */
final class ContainerFacts {
    private ContainerFacts() {
    }

    /** Plain sentences; {@code watch} is {@code null} when the monitor did not run. */
    static List<String> sentences(ContainerMemory m, ContainerWatch watch) {
        List<String> facts = new ArrayList<>();
        MemoryHeadroom h = m.headroom();
        StringBuilder atExit = new StringBuilder("container at exit: ");
        if (m.available()) {
            atExit.append("cgroup v").append(m.cgroupVersion()).append(' ').append(m.cgroupPath()).append(", usage ")
                    .append(ByteAmount.format(m.usage()));
            atExit.append(m.bindingLimitPath() == null ? ", no memory limit up to the root"
                    : ", binding limit " + ByteAmount.format(m.bindingLimit()) + " set by " + m.bindingLimitPath());
        } else {
            atExit.append("memory cgroup unavailable (").append(m.problem()).append(')');
        }
        if (h.bound() != MemoryHeadroom.Bound.UNKNOWN) {
            atExit.append("; headroom ").append(ByteAmount.signed(h.bytes())).append(share(h.fraction()))
                    .append(", bound by ").append(h.bound().name());
        } else {
            atExit.append("; headroom unknown");
        }
        facts.add(atExit.toString());
        if (watch != null) {
            StringBuilder run = new StringBuilder("container over the run: ");
            if (watch.lowestHeadroom() == Long.MAX_VALUE) {
                run.append("headroom never known");
            } else {
                run.append("lowest headroom ").append(ByteAmount.signed(watch.lowestHeadroom()))
                        .append(share(watch.lowestShare())).append(" at ")
                        .append(Instant.ofEpochMilli(watch.lowestAtMillis())).append(", bound by ")
                        .append(watch.lowestBound());
            }
            run.append("; OOM kills in the cgroup during the run: ").append(m.oomKills() < 0 ? "unknown"
                    : Long.toString(watch.oomKillsSinceStart()));
            run.append("; oom-warn=").append(watch.warn()).append(" warnings: ").append(watch.warnings());
            if (watch.highestPressure10() >= 0) {
                run.append(String.format(Locale.ROOT, "; highest memory pressure (some, avg10): %.2f%%",
                        watch.highestPressure10() * 100));
            }
            facts.add(run.toString());
        }
        return facts;
    }

    private static String share(double fraction) {
        return fraction == -1 ? "" : String.format(Locale.ROOT, " (%.1f%% of its limit)", fraction * 100);
    }

    /** The JSON object of the same figures. */
    static String json(ContainerMemory m, ContainerWatch watch) {
        MemoryHeadroom h = m.headroom();
        StringBuilder js = new StringBuilder("{\"available\": ").append(m.available())
                .append(", \"cgroupVersion\": ").append(m.cgroupVersion())
                .append(", \"cgroupPath\": ").append(ExitReport.quoteOrNull(m.cgroupPath()))
                .append(", \"usageBytes\": ").append(m.usage())
                .append(", \"bindingLimitBytes\": ").append(ContainerUnits.limit(m.bindingLimit()))
                .append(", \"bindingLimitPath\": ").append(ExitReport.quoteOrNull(m.bindingLimitPath()))
                .append(", \"headroomBytes\": ").append(ContainerUnits.headroomBytes(h))
                .append(", \"headroomBound\": ").append(ExitReport.quoteOrNull(h.bound().name()))
                .append(", \"oomKills\": ").append(m.oomKills());
        // the run's figures: null when the monitor did not run (a JVM that ended before the agent's services started)
        long lowest = watch == null ? Long.MAX_VALUE : watch.lowestHeadroom();
        js.append(", \"lowestHeadroomBytes\": ").append(lowest == Long.MAX_VALUE ? "null" : Long.toString(lowest))
                .append(", \"lowestHeadroomEpochMillis\": ")
                .append(lowest == Long.MAX_VALUE ? "null" : Long.toString(watch.lowestAtMillis()))
                .append(", \"lowestHeadroomBound\": ")
                .append(lowest == Long.MAX_VALUE ? "null" : ExitReport.quoteOrNull(watch.lowestBound()))
                .append(", \"oomKillsDuringRun\": ").append(watch == null ? "null" : Long.toString(watch.oomKillsSinceStart()))
                .append(", \"oomRiskWarnings\": ").append(watch == null ? "null" : Long.toString(watch.warnings()))
                .append(", \"highestPressureSome10\": ")
                .append(watch == null || watch.highestPressure10() < 0 ? "null" : Double.toString(watch.highestPressure10()));
        return js.append('}').toString();
    }
}
