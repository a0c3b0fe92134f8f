package dev.faultline.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;

/**
 * The system's commit charge against its limit and the overcommit policy at one tick of
 * the memory monitor, and the memory cgroup's limit where one applies.
 */
@Name("faultline.Overcommit")
@Label("Overcommit")
@Category("faultline")
@Description("The kernel's overcommit mode, memory promised to all processes (Committed_AS) against"
        + " CommitLimit, RAM, and the memory cgroup's limit, sampled by faultline's memory monitor every period.")
@StackTrace(false)
public final class OvercommitEvent extends jdk.jfr.Event {
    @Label("Overcommit Mode")
    @Description("vm.overcommit_memory as a word: heuristic (0), always (1), never (2), or unknown.")
    public String mode;

    @Label("Overcommit Mode Value")
    @Description("vm.overcommit_memory as the kernel has it: 0, 1 or 2; -1 when it cannot be read.")
    public int modeValue;

    @Label("Overcommit Ratio")
    @Description("vm.overcommit_ratio: the share of RAM that CommitLimit counts (with swap) when"
            + " overcommit_kbytes is 0; -1 when it cannot be read.")
    @Percentage
    public double overcommitRatio;

    @Label("Overcommit Bytes")
    @Description("vm.overcommit_kbytes in bytes: when not 0, the RAM that CommitLimit counts instead of the ratio.")
    @DataAmount(DataAmount.BYTES)
    public long overcommitBytes;

    @Label("Commit Limit")
    @Description("CommitLimit: the most that may be committed in mode never; shown in every mode, enforced only in never.")
    @DataAmount(DataAmount.BYTES)
    public long commitLimit;

    @Label("Committed")
    @Description("Committed_AS: memory promised to all processes of the system, touched or not.")
    @DataAmount(DataAmount.BYTES)
    public long committedAs;

    @Label("Committed Fraction")
    @Description("Committed_AS / CommitLimit; above 100% more is promised than mode never would allow;"
            + " -1 when unknown.")
    @Percentage
    public double committedFraction;

    @Label("Memory Total")
    @Description("Usable RAM of the system (MemTotal; the host's inside a container).")
    @DataAmount(DataAmount.BYTES)
    public long memTotal;

    @Label("Memory Available")
    @Description("RAM that new allocations can get without swapping, page cache included (MemAvailable).")
    @DataAmount(DataAmount.BYTES)
    public long memAvailable;

    @Label("Cgroup Limit")
    @Description("The memory limit of the process's cgroup (memory.max, or the smallest of its ancestors);"
            + " -1 when no limit applies.")
    @DataAmount(DataAmount.BYTES)
    public long cgroupLimit;

    @Label("Cgroup Usage")
    @Description("Memory charged to the process's cgroup, page cache included (memory.current); -1 when unknown.")
    @DataAmount(DataAmount.BYTES)
    public long cgroupUsage;
}
