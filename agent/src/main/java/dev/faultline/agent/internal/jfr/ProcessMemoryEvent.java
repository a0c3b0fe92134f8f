package dev.faultline.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The process's memory at one tick of the memory monitor (the {@code period} option sets
 * how often): address space, resident memory and its parts, swap, page faults.
 */
@Name("faultline.ProcessMemory")
@Label("Process Memory")
@Category("faultline")
@Description("The process's address space, resident memory and page faults as the kernel counts them,"
        + " sampled by faultline's memory monitor every period.")
@StackTrace(false)
public final class ProcessMemoryEvent extends jdk.jfr.Event {
    @Label("VmSize")
    @Description("Address space mapped by the process, resident or not (VmSize).")
    @DataAmount(DataAmount.BYTES)
    public long vmSize;

    @Label("RSS")
    @Description("Resident memory of the process (VmRSS): anonymous + file + shared.")
    @DataAmount(DataAmount.BYTES)
    public long rss;

    @Label("RSS Anonymous")
    @Description("Resident anonymous memory (RssAnon): Java heap, stacks, malloc, private mappings.")
    @DataAmount(DataAmount.BYTES)
    public long rssAnon;

    @Label("RSS File")
    @Description("Resident pages of mapped files (RssFile): code, libraries, mapped files.")
    @DataAmount(DataAmount.BYTES)
    public long rssFile;

    @Label("RSS Shared Memory")
    @Description("Resident shared memory (RssShmem): tmpfs, shared anonymous mappings, memfd.")
    @DataAmount(DataAmount.BYTES)
    public long rssShmem;

    @Label("Swap")
    @Description("Anonymous memory of the process swapped out (VmSwap).")
    @DataAmount(DataAmount.BYTES)
    public long swap;

    @Label("Peak RSS")
    @Description("The largest RSS of the process so far (VmHWM).")
    @DataAmount(DataAmount.BYTES)
    public long peakRss;

    @Label("Minor Faults")
    @Description("Page faults served without I/O, all threads, since the process started (a count).")
    public long minorFaults;

    @Label("Major Faults")
    @Description("Page faults that waited for I/O, all threads, since the process started (a count).")
    public long majorFaults;

    @Label("Minor Fault Rate")
    @Description("Minor page faults per second since the monitor's previous sample (0 for the first).")
    @Frequency
    public double minorFaultRate;

    @Label("Major Fault Rate")
    @Description("Major page faults per second since the monitor's previous sample (0 for the first).")
    @Frequency
    public double majorFaultRate;
}
