package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.BindingLimit;
import dev.faultline.nativebridge.internal.Cgroup;
import dev.faultline.nativebridge.internal.MemoryCgroupFiles;
import dev.faultline.nativebridge.internal.Natives;
import dev.faultline.nativebridge.internal.ProcFile;
import dev.faultline.nativebridge.internal.ReadBuffer;
import dev.faultline.nativebridge.internal.Sizes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * How close this process is to being stopped for memory, and by what: its memory cgroup's
 * figures (usage, limits, events, what the memory is), the limit that binds on the way up
 * the hierarchy, memory pressure (PSI), the process's {@code oom_score}, and the
 * {@link MemoryHeadroom} left before the first limit.
 *
 * <p>Public API. An immutable snapshot read by {@link #now()} from cgroup v2 or the v1
 * memory controller (which files: {@link MemoryFigure}), {@code /proc/pressure/memory},
 * {@code /proc/self/oom_score}, {@code /proc/self/oom_score_adj} and, for the headroom,
 * {@link SystemMemory}; meant for periodic sampling, not for every call. The cgroup is
 * found from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}, again when the
 * process has moved.
 *
 * <p>Every figure is a value or {@link #UNAVAILABLE}, never a zero in its place: a figure
 * that this cgroup version or kernel does not have, a file that cannot be read, a cgroup
 * removed while it is read. A limit that is not set reads {@link #NO_LIMIT}. When the
 * cgroup's usage cannot be read at all, {@link #available()} is {@code false} and
 * {@link #problem()} says why; the pressure, {@code oom_score} and the system's part of the
 * headroom are still read. Nothing here throws.
 */
public final class ContainerMemory {
    /** A figure that could not be had. */
    public static final long UNAVAILABLE = MemoryCgroupFiles.UNAVAILABLE;
    /** A limit that is not set ({@code max}, or v1's "unlimited"). */
    public static final long NO_LIMIT = MemoryCgroupFiles.NO_LIMIT;
    /** {@link #oomScore()} or {@link #oomScoreAdj()} could not be read. */
    public static final int NO_SCORE = Integer.MIN_VALUE;

    private static final MemoryFigure[] FIGURES = MemoryFigure.values();
    private static final MemoryCgroupFiles V1 = files(1);
    private static final MemoryCgroupFiles V2 = files(2);
    private static volatile Located located = new Located(null, null);

    private final String problem;
    private final int version;
    private final String cgroupPath;
    private final long[] values;
    private final BindingLimit memoryBinding;
    private final BindingLimit swapBinding;
    private final MemoryPressure cgroupPressure;
    private final MemoryPressure systemPressure;
    private final int oomScore;
    private final int oomScoreAdj;
    private final MemoryHeadroom headroom;
    private final SystemMemory system;

    private ContainerMemory(String problem, Cgroup cgroup, long[] values, BindingLimit memoryBinding,
            BindingLimit swapBinding, MemoryPressure cgroupPressure, MemoryPressure systemPressure, int oomScore,
            int oomScoreAdj, MemoryHeadroom headroom, SystemMemory system) {
        this.system = system;
        this.problem = problem;
        this.version = cgroup == null ? 0 : cgroup.version();
        this.cgroupPath = cgroup == null ? null : cgroup.path();
        this.values = values;
        this.memoryBinding = memoryBinding;
        this.swapBinding = swapBinding;
        this.cgroupPressure = cgroupPressure;
        this.systemPressure = systemPressure;
        this.oomScore = oomScore;
        this.oomScoreAdj = oomScoreAdj;
        this.headroom = headroom;
    }

    private static MemoryCgroupFiles files(int version) {
        String[] names = new String[FIGURES.length];
        boolean[] limit = new boolean[FIGURES.length];
        for (MemoryFigure figure : FIGURES) {
            names[figure.ordinal()] = figure.name(version);
            limit[figure.ordinal()] = figure.isLimit();
        }
        return new MemoryCgroupFiles(names, limit);
    }

    /** Reads everything now; never throws. For reading again and again, {@link #sampler()} keeps the files open. */
    public static ContainerMemory now() {
        Cgroup cgroup = null;
        try {
            cgroup = cgroup();
            return read(cgroup);
        } catch (RuntimeException e) {
            return failed(cgroup, e);
        }
    }

    /**
     * A reader that keeps the files open (the process's cgroup's, its ancestors' limits,
     * pressure, scores) and reads each with one {@code pread}: for periodic sampling.
     */
    public static Sampler sampler() {
        return new Sampler();
    }

    private static ContainerMemory failed(Cgroup cgroup, RuntimeException e) {
        long[] none = new long[FIGURES.length];
        java.util.Arrays.fill(none, UNAVAILABLE);
        return new ContainerMemory("cannot read the memory cgroup: " + e, cgroup, none, null, null,
                MemoryPressure.unavailable(), MemoryPressure.unavailable(), NO_SCORE, NO_SCORE,
                MemoryHeadroom.decide(0, null, null, -1, -1, null, -1, -1), SystemMemory.now());
    }

    /** Reads {@code cgroup} (may be {@code null}) and the rest; package-private for fixture tests. */
    static ContainerMemory read(Cgroup cgroup) {
        try (Opened opened = new Opened(cgroup)) {
            return opened.read(ProcFile.eachRead(SYSTEM_PRESSURE),
                    ProcFile.eachRead(OOM_SCORE), ProcFile.eachRead(OOM_SCORE_ADJ));
        }
    }

    private static final String SYSTEM_PRESSURE = "/proc/pressure/memory";
    private static final BindingLimit NONE = new BindingLimit(NO_LIMIT, UNAVAILABLE, null);
    private static final String OOM_SCORE = "/proc/self/oom_score";
    private static final String OOM_SCORE_ADJ = "/proc/self/oom_score_adj";

    /** One cgroup's files, opened: its figures, the walks up for the binding limits, its pressure. */
    private static final class Opened implements AutoCloseable {
        final Cgroup cgroup;
        final ProcFile[] files;
        final BindingLimit.Walk memory;
        final BindingLimit.Walk swap;
        final ProcFile pressure;
        /** Whether libc was bound when the files were opened (else absent files were not found out). */
        final boolean complete;

        Opened(Cgroup cgroup) {
            this.complete = Natives.libcIfReady() != null;
            this.cgroup = cgroup;
            if (cgroup == null) {
                files = null;
                memory = null;
                swap = null;
                pressure = null;
            } else if (cgroup.version() == 2) {
                files = V2.open(cgroup.directory());
                memory = BindingLimit.Walk.open(cgroup, "memory.max", "memory.current");
                swap = BindingLimit.Walk.open(cgroup, "memory.swap.max", "memory.swap.current");
                pressure = ProcFile.openIfPresent(cgroup.file("memory.pressure").toString());
            } else {
                files = V1.open(cgroup.directory());
                memory = BindingLimit.Walk.open(cgroup, "memory.limit_in_bytes", "memory.usage_in_bytes");
                swap = BindingLimit.Walk.open(cgroup, "memory.memsw.limit_in_bytes", "memory.memsw.usage_in_bytes");
                pressure = null;
            }
        }

        /**
         * Reads the cgroup's files and the system's: {@code /proc/meminfo} and the overcommit
         * settings once, the cgroup's limit and usage only as part of the cgroup's own figures.
         */
        ContainerMemory read(ProcFile systemPressure, ProcFile oomScore, ProcFile oomScoreAdj) {
            SystemMemory system = SystemMemory.withoutCgroup();
            long smallest = NO_LIMIT; // the smallest limit on the way up: SystemMemory's cgroup limit
            long[] values = new long[FIGURES.length];
            java.util.Arrays.fill(values, UNAVAILABLE);
            String problem = null;
            BindingLimit memoryBinding = null;
            BindingLimit swapBinding = null;
            MemoryPressure cgroupPressure = MemoryPressure.unavailable();
            if (cgroup == null) {
                problem = "no cgroup with the memory controller is listed in /proc/self/cgroup and mounted here";
            } else {
                (cgroup.version() == 2 ? V2 : V1).read(files, values);
                if (values[MemoryFigure.USAGE.ordinal()] == UNAVAILABLE) {
                    problem = "cannot read " + cgroup.file(MemoryFigure.USAGE.name(cgroup.version()))
                            + (!Files.isDirectory(cgroup.directory()) ? ": the cgroup is gone"
                                    : cgroup.version() == 2 ? ": the memory controller is not enabled for this cgroup" : "");
                    smallest = memory.find().smallestLimit();
                } else if (cgroup.version() == 2) {
                    memoryBinding = memory.find();
                    smallest = memoryBinding.smallestLimit();
                    swapBinding = swap.find();
                    cgroupPressure = pressure(pressure);
                } else {
                    // v1 gives the smallest limit up the whole hierarchy in memory.stat: when there is none,
                    // no level has one and the walk (two reads a level) would find none
                    long hierarchical = values[MemoryFigure.HIERARCHICAL_LIMIT.ordinal()];
                    long hierarchicalMemsw = values[MemoryFigure.HIERARCHICAL_MEMSW_LIMIT.ordinal()];
                    BindingLimit walked = hierarchical == NO_LIMIT ? NONE : memory.find();
                    smallest = walked.smallestLimit();
                    memoryBinding = walked == NONE ? NONE : withHierarchical(walked, hierarchical,
                            values[MemoryFigure.USAGE.ordinal()]);
                    swapBinding = hierarchicalMemsw == NO_LIMIT ? NONE : withHierarchical(swap.find(), hierarchicalMemsw,
                            values[MemoryFigure.MEMSW_USAGE.ordinal()]);
                }
            }
            MemoryHeadroom headroom = MemoryHeadroom.decide(problem == null ? cgroup.version() : 0, memoryBinding,
                    swapBinding, system.swapFree(), system.memAvailable(), system.overcommitMode(),
                    system.commitLimit(), system.committed(), system.memTotal(), system.swapTotal());
            if (cgroup != null) {
                system = system.withCgroup(cgroup.version(), cgroup.path(), smallest == NO_LIMIT ? -1 : smallest,
                        values[MemoryFigure.USAGE.ordinal()]);
            }
            return new ContainerMemory(problem, cgroup, values, memoryBinding, swapBinding, cgroupPressure,
                    pressure(systemPressure), score(oomScore), score(oomScoreAdj), headroom, system);
        }

        @Override
        public void close() {
            if (files != null) {
                MemoryCgroupFiles.close(files);
                memory.close();
                swap.close();
                if (pressure != null) {
                    pressure.close();
                }
            }
        }
    }

    /**
     * Reads {@link ContainerMemory} again and again with its files kept open: one {@code pread}
     * a file (tens of µs a sample where {@link #now()} takes hundreds). The process's cgroup is
     * looked up again when {@code /proc/self/cgroup} changes (the process was moved). Safe to
     * share between threads (samples take turns); never throws.
     */
    public static final class Sampler implements AutoCloseable {
        private final ProcFile membershipFile = ProcFile.open("/proc/self/cgroup");
        private final ProcFile systemPressure = ProcFile.open(SYSTEM_PRESSURE);
        private final ProcFile oomScore = ProcFile.open(OOM_SCORE);
        private final ProcFile oomScoreAdj = ProcFile.open(OOM_SCORE_ADJ);
        private String membership;
        private Opened opened;
        private boolean closed;

        private Sampler() {
        }

        /** Reads everything now, the system's memory too ({@link ContainerMemory#system()}). */
        public synchronized ContainerMemory sample() {
            Cgroup cgroup = null;
            try {
                if (closed) {
                    return read(cgroup());
                }
                String current = text(membershipFile);
                if (opened == null || current == null || !current.equals(membership)
                        || !opened.complete && Natives.libcIfReady() != null) {
                    if (opened != null) {
                        opened.close();
                    }
                    membership = current;
                    opened = new Opened(Cgroup.ofThisProcess("memory"));
                }
                cgroup = opened.cgroup;
                return opened.read(systemPressure, oomScore, oomScoreAdj);
            } catch (RuntimeException e) {
                return failed(cgroup, e);
            }
        }

        /** Closes the files; a later sample reads as {@link #now()} does. */
        @Override
        public synchronized void close() {
            closed = true;
            if (opened != null) {
                opened.close();
                opened = null;
            }
            membershipFile.close();
            systemPressure.close();
            oomScore.close();
            oomScoreAdj.close();
        }
    }

    /**
     * v1's {@code hierarchical_memory_limit} sees ancestors that the mount hides (inside a
     * container): where it is lower than any limit seen on the walk, it binds, with the
     * process's own cgroup's usage as the nearest known.
     */
    private static BindingLimit withHierarchical(BindingLimit walked, long hierarchical, long ownUsage) {
        if (hierarchical == UNAVAILABLE || hierarchical == NO_LIMIT || ownUsage == UNAVAILABLE
                || walked.isLimited() && walked.limit() <= hierarchical) {
            return walked;
        }
        return new BindingLimit(hierarchical, ownUsage, "(an ancestor above the visible hierarchy)");
    }

    private static MemoryPressure pressure(ProcFile file) {
        String text = file == null ? null : text(file);
        return text == null ? MemoryPressure.unavailable() : MemoryPressure.parse(text);
    }

    private static int score(ProcFile file) {
        String text = text(file);
        try {
            return text == null ? NO_SCORE : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return NO_SCORE;
        }
    }

    private static String text(ProcFile file) {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(file);
            return new String(buffer.bytes(), 0, length, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Cgroup cgroup() {
        String membership = Cgroup.membership();
        Located cached = located;
        if (!membership.equals(cached.membership)) {
            cached = new Located(membership, Cgroup.ofThisProcess("memory"));
            located = cached;
        }
        return cached.cgroup;
    }

    /** Whether the cgroup's usage could be read; when {@code false}, {@link #problem()} says why. */
    public boolean available() {
        return problem == null;
    }

    /** Why the cgroup could not be read, or {@code null}. */
    public String problem() {
        return problem;
    }

    /** 1 or 2 for the cgroup version of the memory controller; 0 when no memory cgroup was found. */
    public int cgroupVersion() {
        return version;
    }

    /** The process's memory cgroup as {@code /proc/self/cgroup} names it; {@code null} when none was found. */
    public String cgroupPath() {
        return cgroupPath;
    }

    /** One figure of the process's own cgroup: bytes or a count, {@link #NO_LIMIT} or {@link #UNAVAILABLE}. */
    public long get(MemoryFigure figure) {
        return values[figure.ordinal()];
    }

    /** {@link MemoryFigure#USAGE}: memory charged to the cgroup, page cache included. */
    public long usage() {
        return get(MemoryFigure.USAGE);
    }

    /** {@link MemoryFigure#OOM_KILL}: processes of the cgroup the OOM killer has killed. */
    public long oomKills() {
        return get(MemoryFigure.OOM_KILL);
    }

    /**
     * The memory limit that stops the cgroup first: of its own and its ancestors' limits, the
     * one with the least room left; {@link #NO_LIMIT} when none is set, {@link #UNAVAILABLE}
     * when not {@link #available()}.
     */
    public long bindingLimit() {
        return memoryBinding == null ? UNAVAILABLE : memoryBinding.limit();
    }

    /** The cgroup that sets {@link #bindingLimit()}; {@code null} when there is none. */
    public String bindingLimitPath() {
        return memoryBinding == null || !memoryBinding.isLimited() ? null : memoryBinding.path();
    }

    /** The usage of the cgroup that sets {@link #bindingLimit()} (its descendants' included); {@link #UNAVAILABLE} without one. */
    public long bindingLimitUsage() {
        return memoryBinding == null || !memoryBinding.isLimited() ? UNAVAILABLE : memoryBinding.usage();
    }

    /**
     * The swap limit that binds, as {@link #bindingLimit()}: v1 the memory-plus-swap limit
     * ({@code memory.memsw.limit_in_bytes}), v2 the swap-only {@code memory.swap.max}.
     */
    public long bindingSwapLimit() {
        return swapBinding == null ? UNAVAILABLE : swapBinding.limit();
    }

    /** The cgroup that sets {@link #bindingSwapLimit()}; {@code null} when there is none. */
    public String bindingSwapLimitPath() {
        return swapBinding == null || !swapBinding.isLimited() ? null : swapBinding.path();
    }

    /** v2 {@code memory.pressure} of the cgroup; unavailable in v1. */
    public MemoryPressure cgroupPressure() {
        return cgroupPressure;
    }

    /** {@code /proc/pressure/memory}: the whole system's memory pressure. */
    public MemoryPressure systemPressure() {
        return systemPressure;
    }

    /**
     * {@code /proc/self/oom_score}: the OOM killer kills the process with the highest
     * score among those it considers (the cgroup's, when a cgroup limit is hit). The kernel
     * writes {@code (1000 + badness * 1000 / (RAM + swap pages)) * 2 / 3}, where badness is the
     * process's RSS, swap and page tables in pages plus {@link #oomScoreAdj()} thousandths of
     * RAM and swap: 0 to 1332, 666 for a process that uses nothing and has no adjustment, 0
     * for {@code oom_score_adj} -1000 (never killed). {@link #NO_SCORE} when unreadable.
     */
    public int oomScore() {
        return oomScore;
    }

    /** {@code /proc/self/oom_score_adj}, -1000 (never kill) to 1000; {@link #NO_SCORE} when unreadable. */
    public int oomScoreAdj() {
        return oomScoreAdj;
    }

    /**
     * The system's memory read with this snapshot, which its headroom was decided from; its
     * cgroup figures come from this snapshot's reading of the cgroup's files (no file read twice).
     */
    public SystemMemory system() {
        return system;
    }

    /** The bytes left before the first limit, which one, and why. */
    public MemoryHeadroom headroom() {
        return headroom;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ContainerMemory[");
        if (problem != null) {
            out.append("unavailable: ").append(problem);
        } else {
            out.append('v').append(version).append(' ').append(cgroupPath)
                    .append(", usage ").append(Sizes.format(usage()))
                    .append(", binding ").append(memoryBinding)
                    .append(", oom kills ").append(oomKills());
        }
        return out.append(", oom_score ").append(oomScore).append(" adj ").append(oomScoreAdj)
                .append(", headroom ").append(headroom).append(']').toString();
    }

    /** The cgroup found from a {@code /proc/self/cgroup} text; found again when the process is moved. */
    private static final class Located {
        final String membership;
        final Cgroup cgroup;

        Located(String membership, Cgroup cgroup) {
            this.membership = membership;
            this.cgroup = cgroup;
        }
    }
}
