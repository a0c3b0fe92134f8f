package dev.faultline.nativebridge;

/**
 * One figure of a memory cgroup, with the file and key it comes from in cgroup v2 and in
 * the v1 memory controller.
 *
 * <p>Public API. {@link ContainerMemory#get(MemoryFigure)} gives the value. A figure that one
 * version does not have ({@link #v1Name()} or {@link #v2Name()} is {@code null}) is always
 * {@link ContainerMemory#UNAVAILABLE} in that version. Amounts are bytes, events are counts.
 * {@linkplain #isLimit() Limits} read {@link ContainerMemory#NO_LIMIT} for {@code max}
 * (v2) or v1's "unlimited" value (the largest page-aligned {@code long}).
 */
public enum MemoryFigure {
    /** Memory charged to the cgroup and its descendants now, page cache included. */
    USAGE("memory.current", "memory.usage_in_bytes"),
    /** The highest {@link #USAGE} since the cgroup was made (v2 {@code memory.peak}, Linux 5.19 and later). */
    PEAK("memory.peak", "memory.max_usage_in_bytes"),
    /** The hard limit set on this cgroup itself; an ancestor's may be lower: {@link ContainerMemory#bindingLimit()}. */
    LIMIT("memory.max", "memory.limit_in_bytes", true),
    /** v2: above this the cgroup's tasks are throttled and reclaimed hard, never OOM-killed for it. */
    HIGH("memory.high", null, true),
    /** v2: memory protected from reclaim while the system has other memory to take (best effort). */
    LOW("memory.low", null, true),
    /** v2: memory never reclaimed from this cgroup. */
    MIN("memory.min", null, true),
    /** v1: under memory contention usage is pushed back towards this. */
    SOFT_LIMIT(null, "memory.soft_limit_in_bytes", true),
    /** v2: swap used by the cgroup. */
    SWAP_USAGE("memory.swap.current", null),
    /** v2: the most swap the cgroup may use. */
    SWAP_LIMIT("memory.swap.max", null, true),
    /** v1: memory plus swap charged to the cgroup (absent without swap accounting). */
    MEMSW_USAGE(null, "memory.memsw.usage_in_bytes"),
    /** v1: the limit on memory plus swap; never below {@link #LIMIT}. */
    MEMSW_LIMIT(null, "memory.memsw.limit_in_bytes", true),
    /** v1: how many times usage hit the limit (a charge had to reclaim or failed). */
    FAIL_COUNT(null, "memory.failcnt"),
    /** v2 {@code memory.events low}: times reclaimed below {@link #LOW} under pressure. */
    EVENTS_LOW("memory.events low", null),
    /** v2 {@code memory.events high}: times throttled for being above {@link #HIGH}. */
    EVENTS_HIGH("memory.events high", null),
    /** v2 {@code memory.events max}: times usage was about to go over {@link #LIMIT}. */
    EVENTS_MAX("memory.events max", null),
    /** v2 {@code memory.events oom}: times the cgroup hit its limit with nothing left to reclaim. */
    EVENTS_OOM("memory.events oom", null),
    /** Processes in the cgroup killed by the OOM killer. */
    OOM_KILL("memory.events oom_kill", "memory.oom_control oom_kill"),
    /** v1: 1 while the cgroup is out of memory with its OOM killer disabled (its tasks wait). */
    UNDER_OOM(null, "memory.oom_control under_oom"),
    /** v1: 1 when the OOM killer is disabled for the cgroup. */
    OOM_KILL_DISABLE(null, "memory.oom_control oom_kill_disable"),
    /** Anonymous memory: heaps, stacks, {@code malloc}, anonymous mappings (v1 {@code rss}, this cgroup only). */
    ANON("memory.stat anon", "memory.stat rss"),
    /** Page cache (v1 {@code cache}, this cgroup only). */
    FILE("memory.stat file", "memory.stat cache"),
    /** v2: all kernel memory charged (slab, stacks, page tables...). */
    KERNEL("memory.stat kernel", null),
    /** v2: slab (kernel objects: dentries, inodes...). */
    SLAB("memory.stat slab", null),
    /** v2: network socket buffers. */
    SOCK("memory.stat sock", null),
    /** Shared memory and tmpfs; counted in {@link #FILE}, but swap-backed, not reclaimable by dropping. */
    SHMEM("memory.stat shmem", "memory.stat shmem"),
    /** Page cache mapped into processes ({@code mmap} of files). */
    FILE_MAPPED("memory.stat file_mapped", "memory.stat mapped_file"),
    /** Page cache modified and not yet written back. */
    FILE_DIRTY("memory.stat file_dirty", "memory.stat dirty"),
    /** Page cache being written back now. */
    FILE_WRITEBACK("memory.stat file_writeback", "memory.stat writeback"),
    ACTIVE_ANON("memory.stat active_anon", "memory.stat active_anon"),
    INACTIVE_ANON("memory.stat inactive_anon", "memory.stat inactive_anon"),
    ACTIVE_FILE("memory.stat active_file", "memory.stat active_file"),
    /** Page cache not used lately: what reclaim takes first. */
    INACTIVE_FILE("memory.stat inactive_file", "memory.stat inactive_file"),
    /** v1: the smallest memory limit of this cgroup and its ancestors, as the kernel applies it. */
    HIERARCHICAL_LIMIT(null, "memory.stat hierarchical_memory_limit", true),
    /** v1: the smallest memory-plus-swap limit of this cgroup and its ancestors. */
    HIERARCHICAL_MEMSW_LIMIT(null, "memory.stat hierarchical_memsw_limit", true),
    /** v1 {@code total_rss}: {@link #ANON} of this cgroup and its descendants. */
    TOTAL_ANON(null, "memory.stat total_rss"),
    /** v1 {@code total_cache}: {@link #FILE} of this cgroup and its descendants. */
    TOTAL_FILE(null, "memory.stat total_cache"),
    TOTAL_SHMEM(null, "memory.stat total_shmem"),
    TOTAL_FILE_MAPPED(null, "memory.stat total_mapped_file"),
    TOTAL_FILE_DIRTY(null, "memory.stat total_dirty"),
    TOTAL_FILE_WRITEBACK(null, "memory.stat total_writeback"),
    TOTAL_ACTIVE_ANON(null, "memory.stat total_active_anon"),
    TOTAL_INACTIVE_ANON(null, "memory.stat total_inactive_anon"),
    TOTAL_ACTIVE_FILE(null, "memory.stat total_active_file"),
    TOTAL_INACTIVE_FILE(null, "memory.stat total_inactive_file");

    private final String v2Name;
    private final String v1Name;
    private final boolean limit;

    MemoryFigure(String v2Name, String v1Name) {
        this(v2Name, v1Name, false);
    }

    MemoryFigure(String v2Name, String v1Name, boolean limit) {
        this.v2Name = v2Name;
        this.v1Name = v1Name;
        this.limit = limit;
    }

    /** Where cgroup v2 has it: a file ({@code memory.current}) or a file and key ({@code memory.stat anon}); {@code null} when it has none. */
    public String v2Name() {
        return v2Name;
    }

    /** Where the v1 memory controller has it, as {@link #v2Name()}; {@code null} when it has none. */
    public String v1Name() {
        return v1Name;
    }

    /** Where cgroup {@code version} (1 or 2) has it, or {@code null}. */
    public String name(int version) {
        return version == 2 ? v2Name : version == 1 ? v1Name : null;
    }

    /** Whether it is a limit, which reads {@link ContainerMemory#NO_LIMIT} when none is set. */
    public boolean isLimit() {
        return limit;
    }
}
