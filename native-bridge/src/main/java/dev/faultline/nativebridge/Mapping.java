package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.Sizes;

/**
 * One mapping of a process's address space with how much of it is resident, shared,
 * anonymous or swapped, as one entry of {@code /proc/PID/smaps} describes it.
 *
 * <p>Public API. Immutable; all amounts in bytes. Addresses are unsigned: compare them
 * with {@link Long#compareUnsigned} (the {@code [vsyscall]} page lies above
 * {@link Long#MAX_VALUE}).
 */
public final class Mapping {
    private final long start;
    private final long end;
    private final String perms;
    private final long offset;
    private final long inode;
    private final String path;
    private final long rss;
    private final long pss;
    private final long anonymous;
    private final long anonHugePages;
    private final long swap;

    Mapping(long start, long end, String perms, long offset, long inode, String path,
            long rss, long pss, long anonymous, long anonHugePages, long swap) {
        this.start = start;
        this.end = end;
        this.perms = perms;
        this.offset = offset;
        this.inode = inode;
        this.path = path;
        this.rss = rss;
        this.pss = pss;
        this.anonymous = anonymous;
        this.anonHugePages = anonHugePages;
        this.swap = swap;
    }

    /** The first address of the mapping. */
    public long start() {
        return start;
    }

    /** The first address after the mapping. */
    public long end() {
        return end;
    }

    /** {@code end - start}: address space taken, resident or not. */
    public long size() {
        return end - start;
    }

    /** Whether {@code address} lies in {@code [start, end)}. */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** The four permission characters, e.g. {@code rw-p} ({@code p} private, {@code s} shared). */
    public String perms() {
        return perms;
    }

    public boolean readable() {
        return perms.charAt(0) == 'r';
    }

    public boolean writable() {
        return perms.charAt(1) == 'w';
    }

    public boolean executable() {
        return perms.charAt(2) == 'x';
    }

    public boolean shared() {
        return perms.charAt(3) == 's';
    }

    /** Where in the file the mapping starts (0 for anonymous memory). */
    public long offset() {
        return offset;
    }

    /** The mapped file's inode, 0 for anonymous memory. */
    public long inode() {
        return inode;
    }

    /**
     * The mapped file's path (with {@code " (deleted)"} when it has been removed), a
     * pseudo-path such as {@code [heap]}, {@code [stack]}, {@code [vdso]} or
     * {@code [anon:NAME]}, or {@code ""} for anonymous memory.
     */
    public String path() {
        return path;
    }

    /** Whether the mapping is backed by a file. */
    public boolean fileBacked() {
        return inode != 0 || path.startsWith("/");
    }

    /** Resident bytes ({@code Rss}). */
    public long rss() {
        return rss;
    }

    /** Proportional set size ({@code Pss}): resident bytes, each shared page divided among its sharers. */
    public long pss() {
        return pss;
    }

    /** Resident anonymous bytes ({@code Anonymous}): never-file-backed pages and private copies of file pages. */
    public long anonymous() {
        return anonymous;
    }

    /** Resident anonymous bytes in transparent huge pages ({@code AnonHugePages}). */
    public long anonHugePages() {
        return anonHugePages;
    }

    /** Anonymous bytes swapped out ({@code Swap}). */
    public long swap() {
        return swap;
    }

    @Override
    public String toString() {
        return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + perms
                + " size " + Sizes.format(size()) + ", rss " + Sizes.format(rss)
                + ", anon " + Sizes.format(anonymous)
                + (anonHugePages == 0 ? "" : ", thp " + Sizes.format(anonHugePages))
                + (swap == 0 ? "" : ", swap " + Sizes.format(swap))
                + (path.isEmpty() ? "" : " " + path);
    }
}
