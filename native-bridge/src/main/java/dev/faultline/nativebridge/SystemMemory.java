package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.MemoryCgroup;
import dev.faultline.nativebridge.internal.ProcFile;
import dev.faultline.nativebridge.internal.ProcParsers;
import dev.faultline.nativebridge.internal.ReadBuffer;
import dev.faultline.nativebridge.internal.Sizes;

import java.io.IOException;
import java.util.Arrays;

/**
 * The memory the system has and has promised — RAM, swap, the commit charge against its
 * limit, the overcommit policy and this process's cgroup limit — to see how close an
 * allocation is to failing or to the OOM killer.
 *
 * <p>Public API. An immutable snapshot, amounts in bytes, read by {@link #now()} from
 * {@code /proc/meminfo}, {@code /proc/sys/vm/overcommit_*} and the memory cgroup's files
 * (tens of µs; meant for periodic sampling, not for every call). Inside a container
 * {@code /proc/meminfo} shows the host's figures: the {@link #cgroupLimit()} is the limit
 * that applies. Where {@code /proc/meminfo} cannot be read {@link #available()} is
 * {@code false}; a value that cannot be read is {@code -1} (or {@code null} for the mode).
 * Nothing here throws.
 */
public final class SystemMemory {
    private static final int MEM_TOTAL = 0;
    private static final int MEM_AVAILABLE = 1;
    private static final int COMMIT_LIMIT = 2;
    private static final int COMMITTED_AS = 3;
    private static final int SWAP_TOTAL = 4;
    private static final int SWAP_FREE = 5;
    private static final ProcParsers.Keys MEMINFO_KEYS = ProcParsers.Keys.of(
            "MemTotal", "MemAvailable", "CommitLimit", "Committed_AS", "SwapTotal", "SwapFree");

    private static volatile CgroupCache cgroupCache = new CgroupCache(null, null);

    private final boolean available;
    private final long memTotal;
    private final long memAvailable;
    private final long commitLimit;
    private final long committed;
    private final long swapTotal;
    private final long swapFree;
    private final OvercommitMode overcommitMode;
    private final long overcommitRatio;
    private final long overcommitBytes;
    private final int cgroupVersion;
    private final String cgroupPath;
    private final long cgroupLimit;
    private final long cgroupUsage;

    private SystemMemory(boolean available, long[] meminfo, OvercommitMode overcommitMode,
            long overcommitRatio, long overcommitBytes, int cgroupVersion, String cgroupPath, long cgroupLimit,
            long cgroupUsage) {
        this.available = available;
        this.memTotal = meminfo[MEM_TOTAL];
        this.memAvailable = meminfo[MEM_AVAILABLE];
        this.commitLimit = meminfo[COMMIT_LIMIT];
        this.committed = meminfo[COMMITTED_AS];
        this.swapTotal = meminfo[SWAP_TOTAL];
        this.swapFree = meminfo[SWAP_FREE];
        this.overcommitMode = overcommitMode;
        this.overcommitRatio = overcommitRatio;
        this.overcommitBytes = overcommitBytes;
        this.cgroupVersion = cgroupVersion;
        this.cgroupPath = cgroupPath;
        this.cgroupLimit = cgroupLimit;
        this.cgroupUsage = cgroupUsage;
    }

    /** Reads the system's memory figures now; never throws. */
    public static SystemMemory now() {
        SystemMemory system = withoutCgroup();
        MemoryCgroup cgroup = cgroup();
        return cgroup == null ? system : system.withCgroup(cgroup.version(), cgroup.path(), cgroup.limit(),
                cgroup.usage());
    }

    /**
     * Reads all but the cgroup's figures (as without a cgroup: version 0, -1): for
     * {@link ContainerMemory}, which reads the cgroup's files itself and adds them with
     * {@link #withCgroup}, so that a sample reads each file once.
     */
    static SystemMemory withoutCgroup() {
        long[] meminfo = new long[MEMINFO_KEYS.size()];
        boolean available = readMeminfo(meminfo);
        long mode = readSysctl(Files.OVERCOMMIT_MEMORY);
        long ratio = readSysctl(Files.OVERCOMMIT_RATIO);
        long kbytes = readSysctl(Files.OVERCOMMIT_KBYTES);
        return new SystemMemory(available, meminfo, OvercommitMode.of(mode), ratio, kbytes < 0 ? -1 : kbytes * 1024,
                0, null, -1, -1);
    }

    /** These figures with the memory cgroup's: version, path, the smallest limit on the way up (-1: none), usage. */
    SystemMemory withCgroup(int version, String path, long limit, long usage) {
        long[] meminfo = {memTotal, memAvailable, commitLimit, committed, swapTotal, swapFree};
        return new SystemMemory(available, meminfo, overcommitMode, overcommitRatio, overcommitBytes, version, path,
                limit, usage);
    }

    /** Whether {@code /proc/meminfo} could be read; when {@code false} its values are {@code -1}. */
    public boolean available() {
        return available;
    }

    /** Usable RAM ({@code MemTotal}). */
    public long memTotal() {
        return memTotal;
    }

    /** RAM that can be given to new allocations without swapping, page cache included ({@code MemAvailable}). */
    public long memAvailable() {
        return memAvailable;
    }

    /**
     * The most that may be committed in {@link OvercommitMode#NEVER} mode ({@code CommitLimit}):
     * swap plus {@link #overcommitRatio()} % of RAM, or {@link #overcommitBytes()} when set.
     * Shown in every mode, enforced only in that one.
     */
    public long commitLimit() {
        return commitLimit;
    }

    /**
     * Memory promised to all processes ({@code Committed_AS}): private writable mappings
     * count in full when mapped, touched or not, unless mapped with {@code MAP_NORESERVE}
     * outside {@link OvercommitMode#NEVER} mode.
     */
    public long committed() {
        return committed;
    }

    /**
     * {@link #commitLimit()} minus {@link #committed()}: what can still be committed before
     * {@link OvercommitMode#NEVER} mode refuses; negative when more is promised than the limit
     * (possible in the other modes); 0 when either is unknown.
     */
    public long commitHeadroom() {
        return commitLimit < 0 || committed < 0 ? 0 : commitLimit - committed;
    }

    public long swapTotal() {
        return swapTotal;
    }

    public long swapFree() {
        return swapFree;
    }

    /** {@code vm.overcommit_memory}; {@code null} when it cannot be read. */
    public OvercommitMode overcommitMode() {
        return overcommitMode;
    }

    /** {@code vm.overcommit_ratio}: the percentage of RAM in {@link #commitLimit()}; {@code -1} if unreadable. */
    public long overcommitRatio() {
        return overcommitRatio;
    }

    /**
     * {@code vm.overcommit_kbytes} in bytes: when not 0, the amount of RAM in
     * {@link #commitLimit()} instead of the ratio; {@code -1} if unreadable.
     */
    public long overcommitBytes() {
        return overcommitBytes;
    }

    /** 1 or 2 for the cgroup version whose memory controller holds this process; 0 when none was found. */
    public int cgroupVersion() {
        return cgroupVersion;
    }

    /** This process's memory cgroup as {@code /proc/self/cgroup} names it; {@code null} when none was found. */
    public String cgroupPath() {
        return cgroupPath;
    }

    /**
     * The memory limit that applies to this process's cgroup (the smallest set on it or
     * its visible ancestors); {@code -1} when there is no cgroup or no limit.
     */
    public long cgroupLimit() {
        return cgroupLimit;
    }

    /** Memory charged to this process's cgroup (page cache included); {@code -1} when unknown. */
    public long cgroupUsage() {
        return cgroupUsage;
    }

    @Override
    public String toString() {
        if (!available) {
            return "SystemMemory[unavailable]";
        }
        return "SystemMemory[memTotal=" + Sizes.format(memTotal)
                + ", memAvailable=" + Sizes.format(memAvailable)
                + ", committed=" + Sizes.format(committed)
                + ", commitLimit=" + Sizes.format(commitLimit)
                + ", swap=" + Sizes.format(swapFree) + " free of " + Sizes.format(swapTotal)
                + ", overcommit=" + overcommitMode
                + " (ratio " + overcommitRatio + "%, kbytes " + (overcommitBytes < 0 ? -1 : overcommitBytes / 1024)
                + "), cgroup=" + (cgroupVersion == 0 ? "none" : "v" + cgroupVersion + " " + cgroupPath
                        + " limit " + (cgroupLimit < 0 ? "none" : Sizes.format(cgroupLimit))
                        + " usage " + (cgroupUsage < 0 ? "n/a" : Sizes.format(cgroupUsage)))
                + "]";
    }

    private static boolean readMeminfo(long[] out) {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(Files.MEMINFO);
            ProcParsers.keyedValues(buffer.bytes(), length, MEMINFO_KEYS, out);
        } catch (IOException | RuntimeException e) {
            Arrays.fill(out, -1);
            return false;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] < 0 ? -1 : out[i] * 1024;
        }
        return out[MEM_TOTAL] >= 0;
    }

    /**
     * Reads a sysctl with one {@code pread} at offset 0 of a kept descriptor (or, while libc
     * loads, one {@code read} of a fresh one). A sysctl file read at any other offset is at its
     * end, so a reader that reads in pieces ({@code Files.readAllBytes} asks for one byte first)
     * sees {@code "5"} where the value is {@code 50}.
     */
    private static long readSysctl(ProcFile file) {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(file);
            return length <= 0 ? -1 : ProcParsers.single(buffer.bytes(), length);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The process's memory cgroup, found again when {@code /proc/self/cgroup} changes. The
     * cgroup left keeps its few descriptors open (another thread may be reading them; moves
     * are rare).
     */
    private static MemoryCgroup cgroup() {
        String membership;
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(Files.CGROUP);
            membership = new String(buffer.bytes(), 0, length, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            membership = "";
        }
        CgroupCache cached = cgroupCache;
        if (!membership.equals(cached.membership)) {
            cached = new CgroupCache(membership, MemoryCgroup.ofThisProcess());
            cgroupCache = cached;
        }
        return cached.cgroup;
    }

    /** The cgroup found from a {@code /proc/self/cgroup} text; found again when the process is moved. */
    private static final class CgroupCache {
        final String membership;
        final MemoryCgroup cgroup;

        CgroupCache(String membership, MemoryCgroup cgroup) {
            this.membership = membership;
            this.cgroup = cgroup;
        }
    }

    private static final class Files {
        static final ProcFile MEMINFO = ProcFile.open("/proc/meminfo");
        static final ProcFile OVERCOMMIT_MEMORY = ProcFile.open("/proc/sys/vm/overcommit_memory");
        static final ProcFile OVERCOMMIT_RATIO = ProcFile.open("/proc/sys/vm/overcommit_ratio");
        static final ProcFile OVERCOMMIT_KBYTES = ProcFile.open("/proc/sys/vm/overcommit_kbytes");
        static final ProcFile CGROUP = ProcFile.open("/proc/self/cgroup");
    }
}
