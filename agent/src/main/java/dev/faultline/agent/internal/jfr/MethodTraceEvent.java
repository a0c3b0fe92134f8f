package dev.faultline.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One traced call: how long it took and what it did to this thread's faults, RSS and CPU. */
@Name("faultline.MethodTrace")
@Label("Method Trace")
@Category("faultline")
@Description("A call of a method traced by faultline, with the page faults, RSS change and CPU time it cost its thread.")
@StackTrace(true)
public final class MethodTraceEvent extends jdk.jfr.Event {
    @Label("Method")
    @Description("The traced method, as Class#method.")
    public String method;

    @Label("Label")
    @Description("The label that @Trace(label = ...) gave the method; empty when none.")
    public String label;

    @Label("Outcome")
    @Description("How the call ended: returned, or the exception it threw.")
    public String outcome;

    @Label("Minor Faults")
    @Description("Page faults served without I/O on the calling thread during the call.")
    public long minorFaults;

    @Label("Major Faults")
    @Description("Page faults that needed I/O on the calling thread during the call.")
    public long majorFaults;

    @Label("RSS Change")
    @Description("How much the process's resident set size changed during the call.")
    @DataAmount(DataAmount.BYTES)
    public long rssDelta;

    @Label("RSS")
    @Description("The process's resident set size when the call ended.")
    @DataAmount(DataAmount.BYTES)
    public long rss;

    @Label("User CPU Time")
    @Description("CPU time the calling thread spent in user mode during the call.")
    @Timespan(Timespan.NANOSECONDS)
    public long userCpuTime;

    @Label("System CPU Time")
    @Description("CPU time the calling thread spent in the kernel during the call.")
    @Timespan(Timespan.NANOSECONDS)
    public long systemCpuTime;

    @Label("Voluntary Context Switches")
    @Description("Times the calling thread gave up the CPU (to wait) during the call.")
    public long voluntarySwitches;

    @Label("Involuntary Context Switches")
    @Description("Times the calling thread was preempted during the call.")
    public long involuntarySwitches;

    @Label("Wall Time")
    @Description("The call's duration as faultline measures it: its own, without faultline's work on traced calls inside it.")
    @Timespan(Timespan.NANOSECONDS)
    public long wallTime;

    @Label("Thread CPU Time")
    @Description("Of the wall time, the part the thread ran on a CPU, by its CPU clock (exact, where getrusage's"
            + " user and system times move at scheduler ticks); N/A when the split is not measured (sched=false).")
    @Timespan(Timespan.NANOSECONDS)
    public long threadCpuTime = Long.MIN_VALUE;

    @Label("Run-Queue Wait")
    @Description("Of the wall time, the part the thread was runnable but waiting for a CPU (schedstat);"
            + " N/A when not measured (sched=false, no schedstat, a virtual thread).")
    @Timespan(Timespan.NANOSECONDS)
    public long runQueueWait = Long.MIN_VALUE;

    @Label("Blocked Time")
    @Description("Of the wall time, the part the thread was off the CPU and not runnable (sleeping, waiting on a lock"
            + " or I/O): wall less CPU less run-queue wait; N/A when the run-queue wait is not measured.")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedTime = Long.MIN_VALUE;

    @Label("Throttled Periods")
    @Description("Periods of the cgroup's CPU quota that ran out while the call ran (sched=true under a quota;"
            + " -1 when not measured): the kernel stopped the cgroup's threads until the next period.")
    public long throttledPeriods = -1;

    @Label("Throttled Time")
    @Description("Time the cgroup's threads were stopped by its CPU quota while the call ran, summed over CPUs;"
            + " N/A when not measured.")
    @Timespan(Timespan.NANOSECONDS)
    public long throttledTime = Long.MIN_VALUE;

    @Label("Native Stack")
    @Description("The call's mixed Java and native backtrace as faultline prints it, when a dump was taken for this call.")
    public String nativeStack;
}
