package dev.faultline.agent.internal.options;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent's options, parsed and checked ({@link OptionsParser}). Immutable, except the
 * three that the Tracer MXBean may change at run time, which live in the tracer.
 */
public final class AgentOptions {
    /** Where dumps go. */
    public enum SinkKind { SLF4J, STDERR, FILE }

    public final List<MethodPattern> traces;
    public final DumpMode dump;
    /** {@code null}: native frames wherever libunwind loads. */
    public final Boolean nativeFrames;
    public final int depth;
    public final int every;
    public final int maxPerSecond;
    public final SinkKind sink;
    /** The file of {@code sink=file:PATH}, else {@code null}. */
    public final Path sinkFile;
    public final boolean jfr;
    public final boolean memory;
    /**
     * {@code sched=true}: a measured call also reads its thread's run-queue wait (schedstat)
     * at both ends, about 1 µs each, to split its wall time into CPU, run-queue wait and blocked.
     */
    public final boolean sched;
    /** {@code report=PATH}, or {@code null}. */
    public final Path report;
    public final long periodMillis;
    /** {@code oom-warn}: the headroom under which {@code faultline.OomRisk} is emitted. */
    public final OomWarn oomWarn;

    AgentOptions(List<MethodPattern> traces, DumpMode dump, Boolean nativeFrames, int depth, int every,
                 int maxPerSecond, SinkKind sink, Path sinkFile, boolean jfr, boolean memory, boolean sched,
                 Path report, long periodMillis, OomWarn oomWarn) {
        this.traces = List.copyOf(traces);
        this.dump = dump;
        this.nativeFrames = nativeFrames;
        this.depth = depth;
        this.every = every;
        this.maxPerSecond = maxPerSecond;
        this.sink = sink;
        this.sinkFile = sinkFile;
        this.jfr = jfr;
        this.memory = memory;
        this.sched = sched;
        this.report = report;
        this.periodMillis = periodMillis;
        this.oomWarn = oomWarn;
    }

    @Override
    public String toString() {
        return "trace=" + traces + ", dump=" + dump.optionValue() + ", native=" + (nativeFrames == null ? "auto"
                : nativeFrames) + ", depth=" + depth + ", every=" + every + ", max-per-second=" + maxPerSecond
                + ", sink=" + (sink == SinkKind.FILE ? "file:" + sinkFile : sink.name().toLowerCase(java.util.Locale.ROOT))
                + ", jfr=" + jfr + ", memory=" + memory + ", sched=" + sched + ", report=" + report + ", period=" + periodMillis + "ms, oom-warn=" + oomWarn;
    }
}
