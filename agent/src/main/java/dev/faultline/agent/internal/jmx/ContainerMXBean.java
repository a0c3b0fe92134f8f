package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=Container}: how close this JVM is to being stopped for memory,
 * and by what — its memory cgroup's figures, the limit that binds on the way up the
 * hierarchy, the headroom before the first limit (cgroup, commit limit in overcommit mode 2,
 * RAM and swap), memory pressure (PSI), the OOM killer's counters and the process's
 * {@code oom_score}; with what the agent saw during the run (the lowest headroom, OOM kills,
 * {@code faultline.OomRisk} warnings).
 *
 * <p>Amounts are bytes. A figure that cannot be had (not in this cgroup version, unreadable,
 * no cgroup) is -1; so is a limit that is not set (then its path is empty). Figures are at
 * most 200 ms old: an attribute asked for later than that after the last reading reads the
 * files again (some tens of µs with the files kept open).
 */
@Described("The memory cgroup's figures, the limit that binds, headroom, pressure and the OOM killer (bytes; -1: unknown or no limit)")
public interface ContainerMXBean {
    @Described("Whether the memory cgroup's usage can be read (1: yes); when not, Problem says why")
    boolean isAvailable();

    @Described("Why the memory cgroup cannot be read; empty when it can")
    String getProblem();

    @Described("Version of the process's memory cgroup, 1 or 2; 0 when none was found (gauge)")
    int getCgroupVersion();

    @Described("The process's memory cgroup as /proc/self/cgroup names it; empty when none was found")
    String getCgroupPath();

    @Described("Memory charged to the process's cgroup and its descendants, page cache included, in bytes (gauge)")
    long getUsage();

    @Described("Highest usage of the cgroup since it was made, in bytes; -1 where the kernel does not keep it (gauge)")
    long getPeakUsage();

    @Described("Memory limit set on the process's own cgroup, in bytes; -1 when none (gauge)")
    long getLimit();

    @Described("The memory limit that binds: of the cgroup's and its ancestors' limits, the one with the least room left, in bytes; -1 when none (gauge)")
    long getBindingLimit();

    @Described("The cgroup that sets the binding limit; empty when none")
    String getBindingLimitPath();

    @Described("Usage of the cgroup that sets the binding limit (its descendants included), in bytes; -1 when none (gauge)")
    long getBindingLimitUsage();

    @Described("cgroup v2 memory.high: above it the cgroup is throttled and reclaimed, in bytes; -1 when none or v1 (gauge)")
    long getHigh();

    @Described("Swap used by the cgroup (v2 memory.swap.current; v1 memsw usage minus usage), in bytes (gauge)")
    long getSwapUsage();

    @Described("The swap limit that binds (v2 memory.swap.max; v1 the memory-plus-swap limit), in bytes; -1 when none (gauge)")
    long getBindingSwapLimit();

    @Described("Anonymous memory of the cgroup (heaps, stacks, malloc), in bytes (gauge)")
    long getAnon();

    @Described("Page cache of the cgroup, in bytes (gauge)")
    long getFile();

    @Described("Page cache not used lately, what reclaim takes first, in bytes (gauge)")
    long getInactiveFile();

    @Described("Shared memory and tmpfs of the cgroup, in bytes (gauge)")
    long getShmem();

    @Described("Page cache mapped into processes, in bytes (gauge)")
    long getFileMapped();

    @Described("Page cache modified and not yet written back, in bytes (gauge)")
    long getFileDirty();

    @Described("cgroup v2: kernel memory charged to the cgroup (slab, stacks, page tables), in bytes; -1 in v1 (gauge)")
    long getKernel();

    @Described("Bytes left before the first limit that stops the process: cgroup limit, commit limit (overcommit mode 2) or RAM plus swap; negative when over (gauge)")
    long getHeadroom();

    @Described("Headroom as a fraction of the binding limit, e.g. 0.12; -1 when unknown (gauge)")
    double getHeadroomFraction();

    @Described("Which limit binds: CGROUP_LIMIT, CGROUP_MEMORY_AND_SWAP_LIMIT, COMMIT_LIMIT, AVAILABLE_MEMORY or UNKNOWN")
    String getHeadroomBound();

    @Described("Why that limit binds, in words")
    String getHeadroomReason();

    @Described("The lowest headroom the memory monitor saw since the agent started, in bytes (gauge)")
    long getLowestHeadroom();

    @Described("Processes of the cgroup the OOM killer has killed, as the kernel counts them (counter)")
    long getOomKills();

    @Described("Processes of the cgroup the OOM killer killed since the agent started (counter)")
    long getOomKillsSinceStart();

    @Described("v1 memory.failcnt: times usage hit the limit; -1 in v2 (counter)")
    long getFailCount();

    @Described("v2 memory.events high: times throttled above memory.high; -1 in v1 (counter)")
    long getHighEvents();

    @Described("v2 memory.events max: times usage was about to go over memory.max; -1 in v1 (counter)")
    long getMaxEvents();

    @Described("v2 memory.events oom: times the cgroup hit its limit with nothing left to reclaim; -1 in v1 (counter)")
    long getOomEvents();

    @Described("/proc/self/oom_score, 0 to 1332: the OOM killer kills the highest; -1 when unreadable (gauge)")
    int getOomScore();

    @Described("/proc/self/oom_score_adj, -1000 (never kill) to 1000; -1001 when unreadable (gauge)")
    int getOomScoreAdj();

    @Described("PSI of the cgroup (v2) or else of the system: share of the last 10 s in which some task stalled for memory, 0 to 1 (gauge)")
    double getPressureSomeAvg10();

    @Described("PSI of the cgroup (v2) or else of the system: share of the last 10 s in which all tasks stalled for memory, 0 to 1 (gauge)")
    double getPressureFullAvg10();

    @Described("PSI of the cgroup (v2) or else of the system: total time some task stalled for memory, in seconds (counter)")
    double getPressureSomeSeconds();

    @Described("PSI of the cgroup (v2) or else of the system: total time all tasks stalled for memory, in seconds (counter)")
    double getPressureFullSeconds();

    @Described("Whose pressure the Pressure attributes show: cgroup, system or unavailable")
    String getPressureSource();

    @Described("System-wide PSI, /proc/pressure/memory: share of the last 10 s in which some task stalled for memory, 0 to 1 (gauge)")
    double getSystemPressureSomeAvg10();

    @Described("The oom-warn threshold in bytes of headroom under which faultline.OomRisk is emitted; -1 when off (gauge)")
    long getOomWarnBytes();

    @Described("faultline.OomRisk warnings given since the agent started: headroom under oom-warn, or an OOM kill in the cgroup (counter)")
    long getOomRiskWarnings();

    @Described("The container picture in words: the limit that binds and why, headroom, pressure, the OOM killer")
    String getSummary();
}
