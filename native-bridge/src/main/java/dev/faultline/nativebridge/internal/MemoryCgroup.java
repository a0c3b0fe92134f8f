package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * This process's memory cgroup and its limit and usage: cgroup v2 ({@code memory.max},
 * {@code memory.current}) or the v1 memory controller ({@code memory.limit_in_bytes},
 * {@code memory.usage_in_bytes}). Where the cgroup is comes from {@link Cgroup}.
 */
public final class MemoryCgroup {
    private final Cgroup cgroup;
    /** Opened on first use, then kept; a race makes at most one more set, never a wrong one. */
    private volatile ProcFile[] limitFiles;
    private volatile ProcFile usageFile;

    private MemoryCgroup(Cgroup cgroup) {
        this.cgroup = cgroup;
    }

    /** This process's memory cgroup, or {@code null} when it has none that can be found. */
    public static MemoryCgroup ofThisProcess() {
        return of(Cgroup.ofThisProcess("memory"));
    }

    /** The text of {@code /proc/self/cgroup}, which changes when the process is moved; {@code ""} if unreadable. */
    public static String membership() {
        return Cgroup.membership();
    }

    /**
     * Finds the memory cgroup from the text of {@code /proc/self/cgroup} and
     * {@code /proc/self/mountinfo}; {@code null} when there is none or its hierarchy is
     * not mounted here.
     */
    public static MemoryCgroup locate(String cgroup, String mountinfo) {
        return of(Cgroup.locate(cgroup, mountinfo, "memory"));
    }

    private static MemoryCgroup of(Cgroup cgroup) {
        return cgroup == null ? null : new MemoryCgroup(cgroup);
    }

    /** 1 or 2. */
    public int version() {
        return cgroup.version();
    }

    /** The cgroup's path as {@code /proc/self/cgroup} names it, e.g. {@code /user.slice/app.scope}. */
    public String path() {
        return cgroup.path();
    }

    /** The cgroup's directory in the mounted hierarchy. */
    public Path directory() {
        return cgroup.directory();
    }

    /**
     * The limit that applies: the smallest of the limits set on this cgroup and on its
     * ancestors up to the visible root of the hierarchy; {@code -1} when none is set.
     */
    public long limit() {
        ProcFile[] files = limitFiles();
        long smallest = -1;
        for (ProcFile file : files) {
            long limit = read(file, true);
            if (limit >= 0 && (smallest < 0 || limit < smallest)) {
                smallest = limit;
            }
        }
        return smallest;
    }

    /** Memory charged to the cgroup now (including page cache), in bytes; {@code -1} when unreadable. */
    public long usage() {
        ProcFile file = usageFile;
        if (file == null) {
            file = ProcFile.open(cgroup.file(cgroup.version() == 2 ? "memory.current" : "memory.usage_in_bytes").toString());
            usageFile = file;
        }
        return read(file, false);
    }

    /** The limit file of this cgroup and of each ancestor that has one, opened once (kept: read again and again). */
    private ProcFile[] limitFiles() {
        ProcFile[] files = limitFiles;
        if (files == null) {
            String name = cgroup.version() == 2 ? "memory.max" : "memory.limit_in_bytes";
            java.util.List<ProcFile> opened = new java.util.ArrayList<>();
            for (Cgroup each = cgroup; each != null; each = each.parent()) {
                ProcFile file = ProcFile.openIfPresent(each.file(name).toString());
                if (file != null) {
                    opened.add(file);
                }
            }
            files = opened.toArray(new ProcFile[0]);
            limitFiles = files;
        }
        return files;
    }

    /** A limit ({@link MemoryCgroupFiles#parseLimit}, {@code -1} for none) or a number; {@code -1} when unreadable. */
    private static long read(ProcFile file, boolean isLimit) {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(file);
            if (!isLimit) {
                return ProcParsers.single(buffer.bytes(), length);
            }
            long value = MemoryCgroupFiles.parseLimit(buffer.bytes(), length);
            return value == MemoryCgroupFiles.NO_LIMIT ? -1 : value;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return cgroup.toString();
    }
}
