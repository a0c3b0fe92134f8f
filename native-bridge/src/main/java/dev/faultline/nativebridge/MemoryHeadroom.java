package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.BindingLimit;
import dev.faultline.nativebridge.internal.Sizes;

/**
 * How many more bytes the process can use before the first thing that stops it: its
 * cgroup's limit (then the OOM killer inside the cgroup), the commit limit in overcommit
 * mode 2 (then failed allocations), or the system's available RAM and swap (then the
 * system OOM killer); which one binds, and why, in words.
 *
 * <p>Public API. Immutable; part of {@link ContainerMemory}. Each of the three candidates is
 * also given, or {@link #NOT_APPLICABLE}. A candidate can be negative (more committed than
 * the commit limit, usage over a limit just lowered).
 *
 * <p>The cgroup's figure counts page cache as used, as the kernel charges it; the cache
 * that the kernel can drop ({@link MemoryFigure#INACTIVE_FILE} first) is reclaimed before
 * the OOM killer runs, so the real room is somewhat larger. {@code MemAvailable} already
 * counts droppable cache as available. Swap counts where the system has swap free, up to the
 * cgroup's swap limit.
 */
public final class MemoryHeadroom {
    /** What stops the process first. */
    public enum Bound {
        /** The memory limit of the process's cgroup or an ancestor ({@code memory.max}, {@code memory.limit_in_bytes}). */
        CGROUP_LIMIT,
        /** v1: the memory-plus-swap limit ({@code memory.memsw.limit_in_bytes}) of the cgroup or an ancestor. */
        CGROUP_MEMORY_AND_SWAP_LIMIT,
        /** Overcommit mode 2: {@code CommitLimit - Committed_AS}; allocations fail instead of a kill. */
        COMMIT_LIMIT,
        /** The system's {@code MemAvailable} plus free swap. */
        AVAILABLE_MEMORY,
        /** Nothing could be read. */
        UNKNOWN
    }

    /** A candidate that does not apply (no cgroup limit, overcommit not in mode 2, figures unreadable). */
    public static final long NOT_APPLICABLE = Long.MIN_VALUE;

    private final long bytes;
    private final Bound bound;
    private final long cgroupRoom;
    private final long commitRoom;
    private final long availableRoom;
    private final long limit;
    /** The figures decided from, to find the words again ({@link #reason()}); {@code null}: {@link #reason} is set. */
    private Object[] inputs;
    private volatile String reasonText;

    private MemoryHeadroom(long bytes, Bound bound, String reason, long cgroupRoom, long commitRoom, long availableRoom,
            long limit) {
        this.limit = limit;
        this.bytes = bytes;
        this.bound = bound;
        this.reasonText = reason;
        this.cgroupRoom = cgroupRoom;
        this.commitRoom = commitRoom;
        this.availableRoom = availableRoom;
    }

    /**
     * Picks the candidate with the least room.
     *
     * @param version the memory cgroup's version, 0 for none
     * @param memory the binding memory limit ({@code null} or not limited: none)
     * @param swap v1: the binding memory-plus-swap limit; v2: the binding {@code memory.swap.max} with
     *     {@code memory.swap.current} as its usage ({@code null} or not limited: none)
     * @param swapFree the system's free swap, {@code -1} if unknown
     * @param memAvailable {@code MemAvailable}, {@code -1} if unknown
     * @param mode the overcommit mode, {@code null} if unknown
     */
    static MemoryHeadroom decide(int version, BindingLimit memory, BindingLimit swap, long swapFree, long memAvailable,
            OvercommitMode mode, long commitLimit, long committed) {
        return decide(version, memory, swap, swapFree, memAvailable, mode, commitLimit, committed, -1, -1);
    }

    /**
     * As above, with {@code MemTotal} and {@code SwapTotal} ({@code -1} if unknown) for the size
     * of the system's memory when it binds ({@link #limit()}).
     */
    static MemoryHeadroom decide(int version, BindingLimit memory, BindingLimit swap, long swapFree, long memAvailable,
            OvercommitMode mode, long commitLimit, long committed, long memTotal, long swapTotal) {
        MemoryHeadroom decided = compute(version, memory, swap, swapFree, memAvailable, mode, commitLimit, committed,
                memTotal, swapTotal, false);
        decided.inputs = new Object[] {version, memory, swap, swapFree, memAvailable, mode, commitLimit, committed,
            memTotal, swapTotal};
        return decided;
    }

    /**
     * The decision; with {@code texts} also its reason in words. The words cost more than the
     * decision (a dozen formatted sizes, interpreted code in a once-a-second tick), so they are
     * made when {@link #reason()} is first asked for, by deciding again from the same figures.
     */
    private static MemoryHeadroom compute(int version, BindingLimit memory, BindingLimit swap, long swapFree,
            long memAvailable, OvercommitMode mode, long commitLimit, long committed, long memTotal, long swapTotal,
            boolean texts) {
        long swapUsable = Math.max(0, swapFree);
        boolean memoryLimited = memory != null && memory.isLimited();
        boolean swapLimited = swap != null && swap.isLimited();

        long cgroupRoom = NOT_APPLICABLE;
        Bound cgroupBound = Bound.CGROUP_LIMIT;
        String cgroupReason = null;
        if (version == 1 && swapLimited && (!memoryLimited || swap.room() < memory.room() + swapUsable)) {
            cgroupRoom = swap.room();
            cgroupBound = Bound.CGROUP_MEMORY_AND_SWAP_LIMIT;
            cgroupReason = !texts ? null : "The cgroup " + swap.path() + " may be charged " + Sizes.format(cgroupRoom)
                    + " more of memory plus swap (memory.memsw.limit_in_bytes " + Sizes.format(swap.limit())
                    + ", memory plus swap used " + Sizes.format(swap.usage())
                    + ") before the kernel, having reclaimed what it can, OOM-kills a process in it.";
        } else if (memoryLimited) {
            long swapRoom = version == 2 && swapLimited ? Math.min(swapUsable, Math.max(0, swap.room())) : swapUsable;
            cgroupRoom = memory.room() + swapRoom;
            cgroupReason = !texts ? null : "The cgroup " + memory.path() + " may be charged " + Sizes.format(memory.room())
                    + " more (limit " + Sizes.format(memory.limit()) + ", usage " + Sizes.format(memory.usage())
                    + ", page cache included)"
                    + (swapRoom > 0 ? " plus " + Sizes.format(swapRoom) + " of swap"
                            + (version == 2 && swapLimited ? " (memory.swap.max " + Sizes.format(swap.limit()) + ")" : "")
                            : version == 2 && swapLimited && swap.room() <= 0 ? ", with no swap left under memory.swap.max"
                            : ", with no swap")
                    + "; beyond that the kernel, having reclaimed what page cache it can, OOM-kills the process in it"
                    + " with the highest oom_score.";
        }

        long commitRoom = mode == OvercommitMode.NEVER && commitLimit >= 0 && committed >= 0
                ? commitLimit - committed : NOT_APPLICABLE;
        long availableRoom = memAvailable >= 0 ? memAvailable + swapUsable : NOT_APPLICABLE;

        long bytes = NOT_APPLICABLE;
        long limit = NOT_APPLICABLE;
        Bound bound = Bound.UNKNOWN;
        String reason = "Neither the cgroup's limit nor /proc/meminfo could be read: the headroom is unknown.";
        if (cgroupRoom != NOT_APPLICABLE) {
            bytes = cgroupRoom;
            bound = cgroupBound;
            limit = cgroupBound == Bound.CGROUP_MEMORY_AND_SWAP_LIMIT ? swap.limit() : memory.limit();
            reason = cgroupReason;
        }
        if (commitRoom != NOT_APPLICABLE && (bytes == NOT_APPLICABLE || commitRoom < bytes)) {
            bytes = commitRoom;
            bound = Bound.COMMIT_LIMIT;
            limit = commitLimit;
            reason = !texts ? null : "Overcommit mode 2 (never): " + Sizes.format(commitRoom) + " can still be committed (CommitLimit "
                    + Sizes.format(commitLimit) + ", Committed_AS " + Sizes.format(committed)
                    + "); beyond that mmap and malloc fail with ENOMEM when they are called (the JVM cannot grow"
                    + " its heap or start a thread), touched or not, and nothing is killed.";
        }
        if (availableRoom != NOT_APPLICABLE && (bytes == NOT_APPLICABLE || availableRoom < bytes)) {
            bytes = availableRoom;
            bound = Bound.AVAILABLE_MEMORY;
            limit = memTotal < 0 ? NOT_APPLICABLE : memTotal + Math.max(0, swapTotal);
            reason = !texts ? null : "The system has " + Sizes.format(memAvailable) + " of RAM available (MemAvailable, droppable"
                    + " page cache included) and " + Sizes.format(swapUsable) + " of swap free"
                    + (memoryLimited ? ", less than the cgroup's limit leaves" : version == 0 ? "" : "; the cgroup has no limit")
                    + "; beyond that the kernel's OOM killer kills the process with the highest oom_score"
                    + " anywhere on the system.";
        }
        return new MemoryHeadroom(bytes, bound, reason, cgroupRoom, commitRoom, availableRoom, limit);
    }

    /** Bytes left before {@link #bound()} stops the process; {@link #NOT_APPLICABLE} when {@link Bound#UNKNOWN}. */
    public long bytes() {
        return bytes;
    }

    /**
     * The size of the limit that binds, what {@link #bytes()} is left of: the cgroup's memory (or,
     * for {@link Bound#CGROUP_MEMORY_AND_SWAP_LIMIT}, memory-plus-swap) limit, {@code CommitLimit},
     * or {@code MemTotal} plus {@code SwapTotal}; {@link #NOT_APPLICABLE} when unknown.
     */
    public long limit() {
        return limit;
    }

    /** {@link #bytes()} as a fraction of {@link #limit()}, e.g. 0.12 (negative when over); -1 when either is unknown. */
    public double fraction() {
        return bound == Bound.UNKNOWN || limit == NOT_APPLICABLE || limit <= 0 ? -1 : (double) bytes / limit;
    }

    /** Which limit is nearest. */
    public Bound bound() {
        return bound;
    }

    /** Why, with the figures, in one or two sentences. */
    public String reason() {
        String text = reasonText;
        if (text == null) {
            Object[] in = inputs;
            text = in == null ? "" : compute((Integer) in[0], (BindingLimit) in[1], (BindingLimit) in[2], (Long) in[3],
                    (Long) in[4], (OvercommitMode) in[5], (Long) in[6], (Long) in[7], (Long) in[8], (Long) in[9],
                    true).reasonText;
            reasonText = text;
        }
        return text;
    }

    /** Room under the cgroup's binding limit (swap included as the cgroup may use it), or {@link #NOT_APPLICABLE}. */
    public long cgroupRoom() {
        return cgroupRoom;
    }

    /** {@code CommitLimit - Committed_AS} in overcommit mode 2, else {@link #NOT_APPLICABLE}. */
    public long commitRoom() {
        return commitRoom;
    }

    /** {@code MemAvailable} plus free swap, or {@link #NOT_APPLICABLE}. */
    public long availableRoom() {
        return availableRoom;
    }

    @Override
    public String toString() {
        return "MemoryHeadroom[" + (bound == Bound.UNKNOWN ? "unknown" : Sizes.format(bytes) + " " + bound) + "]";
    }
}
