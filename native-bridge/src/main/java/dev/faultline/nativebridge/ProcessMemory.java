package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.ProcFile;
import dev.faultline.nativebridge.internal.ProcParsers;
import dev.faultline.nativebridge.internal.ReadBuffer;
import dev.faultline.nativebridge.internal.Rusage;
import dev.faultline.nativebridge.internal.Sizes;


import java.io.IOException;

/**
 * This process's memory as the kernel accounts it — address space, resident memory and
 * its parts, swap, peaks and page faults — to watch lazy allocation turn into real use.
 *
 * <p>Public API. An immutable snapshot, all amounts in bytes. {@link #now()} reads
 * {@code /proc/self/status} through a descriptor kept open, into a per-thread buffer, and
 * parses the bytes directly; page faults come from {@code getrusage(RUSAGE_SELF)} (or
 * {@code /proc/self/stat} without libc). About 9 µs, nearly all of it the kernel writing
 * {@code status}; one allocation. For RSS alone on a hot path, {@link #currentRss()}.
 * Where {@code /proc} cannot be read {@link #available()} is {@code false} and every
 * value is zero; nothing here throws. A line the kernel does not write (the {@code Rss*}
 * lines before Linux 4.5) reads as zero.
 */
public final class ProcessMemory {
    private static final ProcessMemory UNAVAILABLE = new ProcessMemory(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static final int VM_SIZE = 0;
    private static final int VM_PEAK = 1;
    private static final int VM_RSS = 2;
    private static final int VM_HWM = 3;
    private static final int RSS_ANON = 4;
    private static final int RSS_FILE = 5;
    private static final int RSS_SHMEM = 6;
    private static final int VM_SWAP = 7;
    private static final ProcParsers.Keys STATUS_KEYS = ProcParsers.Keys.of(
            "VmSize", "VmPeak", "VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "VmSwap");
    /** {@code minflt} and {@code majflt} are fields 10 and 12 of stat; the fields after comm start at field 3. */
    private static final int STAT_MINFLT = 10 - 3;
    private static final int STAT_MAJFLT = 12 - 3;
    /** {@code resident} is the second field of statm, in pages. */
    private static final int STATM_RESIDENT = 1;

    private final boolean available;
    private final long size;
    private final long peakSize;
    private final long rss;
    private final long peakRss;
    private final long rssAnon;
    private final long rssFile;
    private final long rssShmem;
    private final long swap;
    private final long minorFaults;
    private final long majorFaults;

    private ProcessMemory(boolean available, long size, long peakSize, long rss, long peakRss, long rssAnon,
            long rssFile, long rssShmem, long swap, long minorFaults, long majorFaults) {
        this.available = available;
        this.size = size;
        this.peakSize = peakSize;
        this.rss = rss;
        this.peakRss = peakRss;
        this.rssAnon = rssAnon;
        this.rssFile = rssFile;
        this.rssShmem = rssShmem;
        this.swap = swap;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
    }

    /** Reads this process's memory now; never throws. */
    public static ProcessMemory now() {
        try {
            long minflt;
            long majflt;
            long usage = Rusage.read(LibC.RUSAGE_SELF);
            ReadBuffer buffer = ReadBuffer.get();
            if (usage != 0) {
                minflt = Rusage.field(usage, Rusage.Layout.RU_MINFLT);
                majflt = Rusage.field(usage, Rusage.Layout.RU_MAJFLT);
            } else {
                int length = buffer.fill(Files.STAT);
                byte[] bytes = buffer.bytes();
                int fields = ProcParsers.afterComm(bytes, length);
                minflt = ProcParsers.field(bytes, fields, length, STAT_MINFLT);
                majflt = ProcParsers.field(bytes, fields, length, STAT_MAJFLT);
                if (fields < 0 || minflt < 0 || majflt < 0) {
                    return UNAVAILABLE;
                }
            }
            int length = buffer.fill(Files.STATUS);
            long[] kb = buffer.values(STATUS_KEYS.size());
            ProcParsers.keyedValues(buffer.bytes(), length, STATUS_KEYS, kb);
            if (kb[VM_SIZE] < 0 || kb[VM_RSS] < 0) { // a kernel thread, or not Linux's format
                return UNAVAILABLE;
            }
            return new ProcessMemory(true,
                    bytes(kb[VM_SIZE]), bytes(kb[VM_PEAK]), bytes(kb[VM_RSS]), bytes(kb[VM_HWM]),
                    bytes(kb[RSS_ANON]), bytes(kb[RSS_FILE]), bytes(kb[RSS_SHMEM]), bytes(kb[VM_SWAP]),
                    minflt, majflt);
        } catch (IOException | RuntimeException e) {
            return UNAVAILABLE;
        }
    }

    /**
     * This process's resident set size now, in bytes, from one read of
     * {@code /proc/self/statm} (about 1.3 µs, against several for {@link #now()}): for hot
     * paths that need only RSS. {@code -1} when it cannot be read; never throws.
     */
    public static long currentRss() {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(Files.STATM);
            long pages = ProcParsers.field(buffer.bytes(), 0, length, STATM_RESIDENT);
            return pages < 0 ? -1 : pages * Sizes.pageSize();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * What changed between {@code earlier} and this snapshot; peaks are this snapshot's,
     * not differences. Unavailable when either side is.
     */
    public ProcessMemory minus(ProcessMemory earlier) {
        if (!available || !earlier.available) {
            return UNAVAILABLE;
        }
        return new ProcessMemory(true, size - earlier.size, peakSize, rss - earlier.rss, peakRss,
                rssAnon - earlier.rssAnon, rssFile - earlier.rssFile, rssShmem - earlier.rssShmem,
                swap - earlier.swap, minorFaults - earlier.minorFaults, majorFaults - earlier.majorFaults);
    }

    /** Whether {@code /proc/self} could be read; when {@code false} every value is zero. */
    public boolean available() {
        return available;
    }

    /** Address space mapped ({@code VmSize}), reserved or not, resident or not. */
    public long size() {
        return size;
    }

    /** The largest {@link #size()} so far ({@code VmPeak}). */
    public long peakSize() {
        return peakSize;
    }

    /** Resident memory ({@code VmRSS}): {@link #rssAnon()} + {@link #rssFile()} + {@link #rssShmem()}. */
    public long rss() {
        return rss;
    }

    /** The largest {@link #rss()} so far ({@code VmHWM}). */
    public long peakRss() {
        return peakRss;
    }

    /** Resident anonymous memory ({@code RssAnon}): heap, stacks, malloc, private mappings. */
    public long rssAnon() {
        return rssAnon;
    }

    /** Resident pages of mapped files ({@code RssFile}): code, libraries, mapped files. */
    public long rssFile() {
        return rssFile;
    }

    /** Resident shared memory ({@code RssShmem}): tmpfs, shared anonymous mappings, System V shm. */
    public long rssShmem() {
        return rssShmem;
    }

    /** Anonymous memory swapped out ({@code VmSwap}). */
    public long swap() {
        return swap;
    }

    /**
     * Page faults of all threads, live and ended, served without I/O (as field 10 of
     * {@code /proc/self/stat}).
     */
    public long minorFaults() {
        return minorFaults;
    }

    /** Page faults of all threads, live and ended, that waited for I/O (as field 12 of {@code /proc/self/stat}). */
    public long majorFaults() {
        return majorFaults;
    }

    @Override
    public String toString() {
        if (!available) {
            return "ProcessMemory[unavailable]";
        }
        return "ProcessMemory[size=" + Sizes.format(size)
                + ", rss=" + Sizes.format(rss)
                + " (anon " + Sizes.format(rssAnon)
                + ", file " + Sizes.format(rssFile)
                + ", shmem " + Sizes.format(rssShmem)
                + "), swap=" + Sizes.format(swap)
                + ", peakRss=" + Sizes.format(peakRss)
                + ", peakSize=" + Sizes.format(peakSize)
                + ", minflt=" + minorFaults
                + ", majflt=" + majorFaults
                + "]";
    }

    private static long bytes(long kb) {
        return kb < 0 ? 0 : kb * 1024;
    }

    /** Opened on first use; {@code /proc/self} resolves to this process once and for all. */
    private static final class Files {
        static final ProcFile STATUS = ProcFile.open("/proc/self/status");
        static final ProcFile STAT = ProcFile.open("/proc/self/stat");
        static final ProcFile STATM = ProcFile.open("/proc/self/statm");
    }
}
