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
 * The JVM may soon be stopped for memory: the headroom fell under {@code oom-warn}, or the
 * OOM killer killed a process in the JVM's cgroup. What faultline knows at that moment,
 * written before a kill can come; the same as one line on the sink.
 */
@Name("faultline.OomRisk")
@Label("OOM Risk")
@Category("faultline")
@Description("The headroom before the first memory limit fell under oom-warn, or the OOM killer killed a process in"
        + " this JVM's cgroup: the headroom, the limit that binds and why, the OOM killer's view, what holds the RSS.")
@StackTrace(false)
public final class OomRiskEvent extends jdk.jfr.Event {
    @Label("Trigger")
    @Description("What set the warning off: the headroom under oom-warn, an OOM kill in the cgroup, or both, in words.")
    public String trigger;

    @Label("Headroom")
    @Description("Bytes left before the first limit that stops the process; negative when over.")
    @DataAmount(DataAmount.BYTES)
    public long headroom;

    @Label("Headroom Share")
    @Description("Headroom as a share of the limit that binds.")
    @Percentage
    public double headroomShare;

    @Label("Threshold")
    @Description("The oom-warn threshold in bytes of headroom; -1 when off or unknown.")
    @DataAmount(DataAmount.BYTES)
    public long threshold;

    @Label("Bound By")
    @Description("Which limit binds: CGROUP_LIMIT, CGROUP_MEMORY_AND_SWAP_LIMIT, COMMIT_LIMIT, AVAILABLE_MEMORY or UNKNOWN.")
    public String boundBy;

    @Label("Why")
    @Description("Why that limit binds, with its figures, in words.")
    public String why;

    @Label("Cgroup")
    @Description("The process's memory cgroup as /proc/self/cgroup names it.")
    public String cgroupPath;

    @Label("Binding Cgroup")
    @Description("The cgroup that sets the binding limit; empty when none.")
    public String bindingCgroup;

    @Label("Binding Limit")
    @Description("The memory limit that binds; -1 when none.")
    @DataAmount(DataAmount.BYTES)
    public long bindingLimit;

    @Label("Usage")
    @Description("Memory charged to the cgroup now.")
    @DataAmount(DataAmount.BYTES)
    public long usage;

    @Label("OOM Kills Increase")
    @Description("Processes of the cgroup the OOM killer killed since the previous sample.")
    public long oomKillsIncrease;

    @Label("OOM Kills")
    @Description("Processes of the cgroup killed by the OOM killer, as the kernel counts them.")
    public long oomKills;

    @Label("OOM Score")
    @Description("/proc/self/oom_score, 0 to 1332: the OOM killer kills the highest; -1 when unreadable.")
    public int oomScore;

    @Label("RSS")
    @Description("Resident memory of this process now.")
    @DataAmount(DataAmount.BYTES)
    public long rss;

    @Label("Top RSS Owners")
    @Description("What holds this process's resident memory, largest first (faultline's RSS classification).")
    public String topRssOwners;
}
