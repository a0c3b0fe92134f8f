package dev.faultline.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The memory cgroup at one tick of the memory monitor: usage, the limits and which binds,
 * what the memory is, the OOM killer's counters, the headroom before the first limit and
 * memory pressure. Figures that cannot be had are -1.
 */
@Name("faultline.Container")
@Label("Container Memory")
@Category("faultline")
@Description("The process's memory cgroup (v1 or v2), the limit that binds on the way up the hierarchy, the headroom"
        + " before the first limit, memory pressure (PSI) and the OOM killer's counters, sampled by faultline's memory"
        + " monitor every period.")
@StackTrace(false)
public final class ContainerEvent extends jdk.jfr.Event {
    @Label("Cgroup Version")
    @Description("Version of the process's memory cgroup: 1 or 2; 0 when none was found.")
    public int cgroupVersion;

    @Label("Cgroup")
    @Description("The process's memory cgroup as /proc/self/cgroup names it.")
    public String cgroupPath;

    @Label("Available")
    @Description("Whether the cgroup's usage could be read; when not, Problem says why and its figures are -1.")
    public boolean available;

    @Label("Problem")
    @Description("Why the memory cgroup could not be read; empty when it could.")
    public String problem;

    @Label("Usage")
    @Description("Memory charged to the cgroup and its descendants, page cache included (memory.current, memory.usage_in_bytes).")
    @DataAmount(DataAmount.BYTES)
    public long usage;

    @Label("Peak Usage")
    @Description("Highest usage since the cgroup was made (memory.peak, memory.max_usage_in_bytes); -1 where the kernel has none.")
    @DataAmount(DataAmount.BYTES)
    public long peakUsage;

    @Label("Limit")
    @Description("Memory limit set on the process's own cgroup; -1 when none.")
    @DataAmount(DataAmount.BYTES)
    public long limit;

    @Label("Binding Limit")
    @Description("Of the cgroup's and its ancestors' memory limits, the one with the least room left; -1 when none.")
    @DataAmount(DataAmount.BYTES)
    public long bindingLimit;

    @Label("Binding Cgroup")
    @Description("The cgroup that sets the binding limit; empty when none.")
    public String bindingCgroup;

    @Label("Binding Usage")
    @Description("Usage of the cgroup that sets the binding limit, its descendants included; -1 when none.")
    @DataAmount(DataAmount.BYTES)
    public long bindingUsage;

    @Label("High")
    @Description("cgroup v2 memory.high: above it the cgroup is throttled and reclaimed hard; -1 when none or in v1.")
    @DataAmount(DataAmount.BYTES)
    public long high;

    @Label("Swap Usage")
    @Description("Swap used by the cgroup (v2 memory.swap.current); v1: memory plus swap charged (memsw); -1 when unknown.")
    @DataAmount(DataAmount.BYTES)
    public long swapUsage;

    @Label("Binding Swap Limit")
    @Description("The swap limit that binds: v2 memory.swap.max, v1 the memory-plus-swap limit; -1 when none.")
    @DataAmount(DataAmount.BYTES)
    public long bindingSwapLimit;

    @Label("Anonymous")
    @Description("Anonymous memory of the cgroup: heaps, stacks, malloc (memory.stat anon, v1 rss).")
    @DataAmount(DataAmount.BYTES)
    public long anon;

    @Label("Page Cache")
    @Description("Page cache of the cgroup (memory.stat file, v1 cache).")
    @DataAmount(DataAmount.BYTES)
    public long file;

    @Label("Inactive Page Cache")
    @Description("Page cache not used lately: what reclaim takes first (memory.stat inactive_file).")
    @DataAmount(DataAmount.BYTES)
    public long inactiveFile;

    @Label("Shared Memory")
    @Description("Shared memory and tmpfs, counted in the page cache but swap-backed (memory.stat shmem).")
    @DataAmount(DataAmount.BYTES)
    public long shmem;

    @Label("Mapped Files")
    @Description("Page cache mapped into processes (memory.stat file_mapped, v1 mapped_file).")
    @DataAmount(DataAmount.BYTES)
    public long fileMapped;

    @Label("Dirty")
    @Description("Page cache modified and not yet written back (memory.stat file_dirty, v1 dirty).")
    @DataAmount(DataAmount.BYTES)
    public long fileDirty;

    @Label("Writeback")
    @Description("Page cache being written back now (memory.stat file_writeback, v1 writeback).")
    @DataAmount(DataAmount.BYTES)
    public long fileWriteback;

    @Label("Kernel")
    @Description("cgroup v2: kernel memory charged to the cgroup (memory.stat kernel); -1 in v1.")
    @DataAmount(DataAmount.BYTES)
    public long kernel;

    @Label("Slab")
    @Description("cgroup v2: kernel objects charged to the cgroup (memory.stat slab); -1 in v1.")
    @DataAmount(DataAmount.BYTES)
    public long slab;

    @Label("Sockets")
    @Description("cgroup v2: network socket buffers (memory.stat sock); -1 in v1.")
    @DataAmount(DataAmount.BYTES)
    public long sock;

    @Label("Fail Count")
    @Description("v1 memory.failcnt: times usage hit the limit; -1 in v2.")
    public long failCount;

    @Label("High Events")
    @Description("v2 memory.events high: times throttled above memory.high; -1 in v1.")
    public long highEvents;

    @Label("Max Events")
    @Description("v2 memory.events max: times usage was about to go over memory.max; -1 in v1.")
    public long maxEvents;

    @Label("OOM Events")
    @Description("v2 memory.events oom: times the cgroup hit its limit with nothing left to reclaim; -1 in v1.")
    public long oomEvents;

    @Label("OOM Kills")
    @Description("Processes of the cgroup killed by the OOM killer, as the kernel counts them (memory.events oom_kill, v1 memory.oom_control oom_kill).")
    public long oomKills;

    @Label("Headroom")
    @Description("Bytes left before the first limit that stops the process: the cgroup's, the commit limit in overcommit mode 2, or RAM and swap; negative when over.")
    @DataAmount(DataAmount.BYTES)
    public long headroom;

    @Label("Headroom Share")
    @Description("Headroom as a share of the limit that binds.")
    @Percentage
    public double headroomShare;

    @Label("Bound By")
    @Description("Which limit binds: CGROUP_LIMIT, CGROUP_MEMORY_AND_SWAP_LIMIT, COMMIT_LIMIT, AVAILABLE_MEMORY or UNKNOWN.")
    public String boundBy;

    @Label("Why")
    @Description("Why that limit binds, with its figures, in words.")
    public String why;

    @Label("OOM Score")
    @Description("/proc/self/oom_score, 0 to 1332: of the processes it considers, the OOM killer kills the highest; -1 when unreadable.")
    public int oomScore;

    @Label("OOM Score Adjustment")
    @Description("/proc/self/oom_score_adj, -1000 (never kill) to 1000; -1001 when unreadable.")
    public int oomScoreAdj;

    @Label("Pressure Some 10s")
    @Description("Memory PSI of the cgroup (v2 memory.pressure) or else of the system: share of the last 10 s in which some task stalled for memory.")
    @Percentage
    public double pressureSome10;

    @Label("Pressure Full 10s")
    @Description("The same PSI: share of the last 10 s in which all non-idle tasks stalled for memory at once.")
    @Percentage
    public double pressureFull10;

    @Label("Pressure Some Total")
    @Description("The same PSI: total time some task stalled for memory; -1 when unavailable.")
    @Timespan(Timespan.MICROSECONDS)
    public long pressureSomeTotal;

    @Label("Pressure Full Total")
    @Description("The same PSI: total time all non-idle tasks stalled for memory at once; -1 when unavailable.")
    @Timespan(Timespan.MICROSECONDS)
    public long pressureFullTotal;

    @Label("Pressure Source")
    @Description("Whose PSI the pressure fields are: cgroup, system or unavailable.")
    public String pressureSource;

    @Label("System Pressure Some 10s")
    @Description("/proc/pressure/memory: share of the last 10 s in which some task of the system stalled for memory.")
    @Percentage
    public double systemPressureSome10;
}
