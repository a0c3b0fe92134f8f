package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory cgroup and its limit and usage: cgroup v2 ({@code memory.max},
 * {@code memory.current}) or the v1 memory controller ({@code memory.limit_in_bytes},
 * {@code memory.usage_in_bytes}). Where the cgroup is comes from {@link Cgroup}.
 */
public final class MemoryCgroup {
    private final Cgroup cgroup;

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
        String file = cgroup.version() == 2 ? "memory.max" : "memory.limit_in_bytes";
        long smallest = -1;
        for (Cgroup each = cgroup; each != null; each = each.parent()) {
            long limit = readLimit(each.file(file));
            if (limit >= 0 && (smallest < 0 || limit < smallest)) {
                smallest = limit;
            }
        }
        return smallest;
    }

    /** Memory charged to the cgroup now (including page cache), in bytes; {@code -1} when unreadable. */
    public long usage() {
        return readNumber(cgroup.file(cgroup.version() == 2 ? "memory.current" : "memory.usage_in_bytes"));
    }

    /** A limit file as {@link MemoryCgroupFiles#parseLimit} reads it; {@code -1} for none or unreadable. */
    private static long readLimit(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            long value = MemoryCgroupFiles.parseLimit(bytes, bytes.length);
            return value == MemoryCgroupFiles.NO_LIMIT ? -1 : value;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long readNumber(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return ProcParsers.single(bytes, bytes.length);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return cgroup.toString();
    }
}
