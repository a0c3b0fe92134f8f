package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=ProcessMemory}: the process's and the system's memory
 * counters, for JConsole, VisualVM and JMC to chart live, the overcommit picture in words,
 * and the "where is my RSS" classification on demand. Amounts are in bytes; -1 means
 * unknown (or, for the cgroup, no limit). Counters are read when asked (a {@code /proc}
 * read of some µs); the fault rates are over the memory monitor's last period.
 */
public interface ProcessMemoryMXBean {
    /** Whether {@code /proc/self/status} can be read; when not, the process figures are 0. */
    boolean isAvailable();

    /** Address space mapped ({@code VmSize}). */
    long getVmSize();

    /** The largest {@code VmSize} so far ({@code VmPeak}). */
    long getVmPeak();

    /** Resident memory ({@code VmRSS}). */
    long getRss();

    /** The largest RSS so far ({@code VmHWM}). */
    long getRssPeak();

    long getRssAnon();

    long getRssFile();

    long getRssShmem();

    /** Anonymous memory swapped out ({@code VmSwap}). */
    long getSwap();

    /** Minor page faults of all threads since start. */
    long getMinorFaults();

    /** Major page faults of all threads since start. */
    long getMajorFaults();

    /** Minor faults per second over the monitor's last period. */
    double getMinorFaultsPerSecond();

    /** Major faults per second over the monitor's last period. */
    double getMajorFaultsPerSecond();

    /** {@code heuristic}, {@code always}, {@code never} or {@code unknown}. */
    String getOvercommitMode();

    /** {@code vm.overcommit_memory}: 0, 1, 2; -1 when unknown. */
    int getOvercommitModeValue();

    /** What the overcommit mode means for an allocation, in one sentence. */
    String getOvercommitModeMeaning();

    /** {@code vm.overcommit_ratio}, in percent of RAM. */
    long getOvercommitRatio();

    /** {@code vm.overcommit_kbytes} in bytes (0: the ratio applies). */
    long getOvercommitBytes();

    /** {@code CommitLimit}: enforced only in mode {@code never}. */
    long getCommitLimit();

    /** {@code Committed_AS}: memory promised to all processes of the system. */
    long getCommittedAs();

    /** {@code CommitLimit - Committed_AS}; negative when more is promised than the limit. */
    long getCommitHeadroom();

    /** {@code Committed_AS / CommitLimit}, e.g. 0.42; -1 when unknown. */
    double getCommittedFraction();

    /** {@code MemTotal} (the host's, inside a container). */
    long getMemTotal();

    /** {@code MemAvailable}. */
    long getMemAvailable();

    /** 1 or 2 for the cgroup version of the process's memory controller; 0 when none was found. */
    int getCgroupVersion();

    /** The memory limit that applies to the process's cgroup; -1 when none. */
    long getCgroupLimit();

    /** Memory charged to the process's cgroup; -1 when unknown. */
    long getCgroupUsage();

    /** The overcommit picture in words: mode, how close the commit limit is, reserved vs resident, cgroup. */
    String getOvercommitContext();

    /** The memory monitor's period in milliseconds. */
    long getMonitorPeriodMillis();

    /** Whether the memory monitor runs. */
    boolean isMonitorRunning();

    /** When the monitor last sampled, in milliseconds since the epoch; 0 before its first sample. */
    long getLastSampleTime();

    /**
     * Classifies every mapping of the process (reads all of {@code /proc/self/smaps} and two
     * diagnostic commands: milliseconds): Java heap, code cache, thread stacks, metaspace,
     * tracked mappings, mapped files, malloc, unclassified, with size and RSS each.
     */
    RssClassRow[] classifyRss();

    /** The same classification as text, with the sources used and NMT's figures where NMT runs. */
    String rssReport();
}
