package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=ProcessMemory}: the process's and the system's memory
 * counters, for JConsole, VisualVM and JMC to chart live, the overcommit picture in words,
 * and the "where is my RSS" classification on demand. Amounts are in bytes; -1 means
 * unknown (or, for the cgroup, no limit). Counters are read when asked (a {@code /proc}
 * read of some µs); the fault rates are over the memory monitor's last period.
 */
@Described("The process's and the system's memory counters (bytes; -1: unknown), read from /proc when asked")
public interface ProcessMemoryMXBean {
    /** Whether {@code /proc/self/status} can be read; when not, the process figures are 0. */
    @Described("Whether /proc/self/status can be read (1: yes); when not, the process figures are 0")
    boolean isAvailable();

    /** Address space mapped ({@code VmSize}). */
    @Described("Address space the process has mapped, VmSize, in bytes (gauge)")
    long getVmSize();

    /** The largest {@code VmSize} so far ({@code VmPeak}). */
    @Described("Largest VmSize so far, VmPeak, in bytes (gauge)")
    long getVmPeak();

    /** Resident memory ({@code VmRSS}). */
    @Described("Resident memory of the process, VmRSS, in bytes (gauge)")
    long getRss();

    /** The largest RSS so far ({@code VmHWM}). */
    @Described("Largest RSS so far, VmHWM, in bytes (gauge)")
    long getRssPeak();

    @Described("Resident anonymous memory, RssAnon, in bytes (gauge)")
    long getRssAnon();

    @Described("Resident file-backed memory, RssFile, in bytes (gauge)")
    long getRssFile();

    @Described("Resident shared memory, RssShmem, in bytes (gauge)")
    long getRssShmem();

    /** Anonymous memory swapped out ({@code VmSwap}). */
    @Described("Anonymous memory swapped out, VmSwap, in bytes (gauge)")
    long getSwap();

    /** Minor page faults of all threads since start. */
    @Described("Minor page faults of all the process's threads since start (counter)")
    long getMinorFaults();

    /** Major page faults of all threads since start. */
    @Described("Major page faults (read from disk) of all the process's threads since start (counter)")
    long getMajorFaults();

    /** Minor faults per second over the monitor's last period. */
    @Described("Minor page faults per second over the memory monitor's last period (gauge)")
    double getMinorFaultsPerSecond();

    /** Major faults per second over the monitor's last period. */
    @Described("Major page faults per second over the memory monitor's last period (gauge)")
    double getMajorFaultsPerSecond();

    /** {@code heuristic}, {@code always}, {@code never} or {@code unknown}. */
    @Described("vm.overcommit_memory in words: heuristic, always, never or unknown")
    String getOvercommitMode();

    /** {@code vm.overcommit_memory}: 0, 1, 2; -1 when unknown. */
    @Described("vm.overcommit_memory: 0 heuristic, 1 always, 2 never; -1 when unknown (gauge)")
    int getOvercommitModeValue();

    /** What the overcommit mode means for an allocation, in one sentence. */
    @Described("What the overcommit mode means for an allocation, in one sentence")
    String getOvercommitModeMeaning();

    /** {@code vm.overcommit_ratio}, in percent of RAM. */
    @Described("vm.overcommit_ratio, in percent of RAM (gauge)")
    long getOvercommitRatio();

    /** {@code vm.overcommit_kbytes} in bytes (0: the ratio applies). */
    @Described("vm.overcommit_kbytes in bytes; 0: the ratio applies (gauge)")
    long getOvercommitBytes();

    /** {@code CommitLimit}: enforced only in mode {@code never}. */
    @Described("CommitLimit of the system, in bytes, enforced only in overcommit mode never (gauge)")
    long getCommitLimit();

    /** {@code Committed_AS}: memory promised to all processes of the system. */
    @Described("Committed_AS: memory promised to all processes of the system, in bytes (gauge)")
    long getCommittedAs();

    /** {@code CommitLimit - Committed_AS}; negative when more is promised than the limit. */
    @Described("CommitLimit minus Committed_AS, in bytes; negative when more is promised than the limit (gauge)")
    long getCommitHeadroom();

    /** {@code Committed_AS / CommitLimit}, e.g. 0.42; -1 when unknown. */
    @Described("Committed_AS divided by CommitLimit, e.g. 0.42; -1 when unknown (gauge)")
    double getCommittedFraction();

    /** {@code MemTotal} (the host's, inside a container). */
    @Described("MemTotal of the system (the host's, inside a container), in bytes (gauge)")
    long getMemTotal();

    /** {@code MemAvailable}. */
    @Described("MemAvailable of the system, in bytes (gauge)")
    long getMemAvailable();

    /** 1 or 2 for the cgroup version of the process's memory controller; 0 when none was found. */
    @Described("Version of the process's memory cgroup, 1 or 2; 0 when none was found (gauge)")
    int getCgroupVersion();

    /** The memory limit that applies to the process's cgroup; -1 when none. */
    @Described("Memory limit of the process's cgroup, in bytes; -1 when none (gauge)")
    long getCgroupLimit();

    /** Memory charged to the process's cgroup; -1 when unknown. */
    @Described("Memory charged to the process's cgroup, in bytes; -1 when unknown (gauge)")
    long getCgroupUsage();

    /** The overcommit picture in words: mode, how close the commit limit is, reserved vs resident, cgroup. */
    @Described("The overcommit picture in words: mode, how close the commit limit is, reserved vs resident, cgroup")
    String getOvercommitContext();

    /** The memory monitor's period in milliseconds. */
    @Described("The memory monitor's period, in milliseconds (gauge)")
    long getMonitorPeriodMillis();

    /** Whether the memory monitor runs. */
    @Described("Whether the memory monitor runs (1: yes)")
    boolean isMonitorRunning();

    /** When the monitor last sampled, in milliseconds since the epoch; 0 before its first sample. */
    @Described("When the memory monitor last sampled, in milliseconds since the epoch; 0 before its first sample (gauge)")
    long getLastSampleTime();

    /**
     * Classifies every mapping of the process (reads all of {@code /proc/self/smaps} and two
     * diagnostic commands: milliseconds): Java heap, code cache, thread stacks, metaspace,
     * tracked mappings, mapped files, malloc, unclassified, with size and RSS each.
     */
    @Described("Classifies every mapping of the process (milliseconds): Java heap, code cache, thread stacks, metaspace, tracked mappings, mapped files, malloc, unclassified")
    RssClassRow[] classifyRss();

    /** The same classification as text, with the sources used and NMT's figures where NMT runs. */
    @Described("The RSS classification as text, with the sources used and NMT's figures where NMT runs")
    String rssReport();
}
