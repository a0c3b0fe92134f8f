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
 * Memory pressure or the cgroup's event counters moved between two ticks of the memory
 * monitor: stall time (PSI), v1 {@code failcnt}, v2 {@code memory.events}, OOM kills.
 */
@Name("faultline.MemoryPressure")
@Label("Memory Pressure")
@Category("faultline")
@Description("Tasks stalled for memory (PSI) or the memory cgroup's counters moved (failcnt, memory.events high, max,"
        + " oom, oom_kill) since faultline's memory monitor sampled before: how much, and the headroom now.")
@StackTrace(false)
public final class MemoryPressureEvent extends jdk.jfr.Event {
    @Label("Cgroup")
    @Description("The process's memory cgroup as /proc/self/cgroup names it.")
    public String cgroupPath;

    @Label("What Moved")
    @Description("The counters that moved since the monitor's previous sample, in words.")
    public String moved;

    @Label("Stall")
    @Description("Time some task stalled for memory since the previous sample (PSI some total of the cgroup, else of the system).")
    @Timespan(Timespan.MICROSECONDS)
    public long stall;

    @Label("Full Stall")
    @Description("Time all non-idle tasks stalled for memory at once since the previous sample (PSI full total).")
    @Timespan(Timespan.MICROSECONDS)
    public long fullStall;

    @Label("Pressure Source")
    @Description("Whose PSI the stall fields are: cgroup, system or unavailable.")
    public String pressureSource;

    @Label("Pressure Some 10s")
    @Description("The same PSI: share of the last 10 s in which some task stalled for memory.")
    @Percentage
    public double pressureSome10;

    @Label("Fail Count Increase")
    @Description("v1 memory.failcnt: more times usage hit the limit since the previous sample; -1 in v2.")
    public long failCountIncrease;

    @Label("High Events Increase")
    @Description("v2 memory.events high since the previous sample; -1 in v1.")
    public long highEventsIncrease;

    @Label("Max Events Increase")
    @Description("v2 memory.events max since the previous sample; -1 in v1.")
    public long maxEventsIncrease;

    @Label("OOM Events Increase")
    @Description("v2 memory.events oom since the previous sample; -1 in v1.")
    public long oomEventsIncrease;

    @Label("OOM Kills Increase")
    @Description("Processes of the cgroup the OOM killer killed since the previous sample.")
    public long oomKillsIncrease;

    @Label("Usage")
    @Description("Memory charged to the cgroup now.")
    @DataAmount(DataAmount.BYTES)
    public long usage;

    @Label("Binding Limit")
    @Description("The memory limit that binds; -1 when none.")
    @DataAmount(DataAmount.BYTES)
    public long bindingLimit;

    @Label("Headroom")
    @Description("Bytes left before the first limit that stops the process.")
    @DataAmount(DataAmount.BYTES)
    public long headroom;
}
