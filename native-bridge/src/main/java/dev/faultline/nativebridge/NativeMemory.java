package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import dev.faultline.nativebridge.internal.Sizes;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.EnumSet;

/**
 * A private anonymous mapping made with {@code mmap}, to make lazy allocation visible:
 * mapping it reserves address space (VmSize) and, unless {@link Option#NO_RESERVE},
 * commit charge (Committed_AS); only {@link #touch touching} its pages makes them
 * resident (RSS) and costs one minor fault each.
 *
 * <p>Public API. Methods are safe to call from several threads; after {@link #close()}
 * every access throws {@link IllegalStateException} (never touches unmapped memory).
 */
public final class NativeMemory implements AutoCloseable {

    /** How the mapping is made. */
    public enum Option {
        /** {@code MAP_NORESERVE}: no commit charge (except in overcommit mode "never"). */
        NO_RESERVE,
        /** {@code MAP_POPULATE}: fault every page in at once. */
        POPULATE,
        /** {@code madvise(MADV_HUGEPAGE)}: transparent huge pages, where THP mode allows. */
        HUGE_PAGES,
        /** {@code madvise(MADV_NOHUGEPAGE)}: base pages only, so one touched page is one fault. */
        NO_HUGE_PAGES
    }

    private final long address;
    private final long size;
    private final EnumSet<Option> options;
    private boolean closed;

    private NativeMemory(long address, long size, EnumSet<Option> options) {
        this.address = address;
        this.size = size;
        this.options = options;
    }

    /**
     * Maps {@code bytes} (rounded up to whole pages) of private, readable and writable
     * anonymous memory.
     *
     * @throws NativeMemoryException when {@code mmap} or {@code madvise} fails, e.g. with
     *         {@code ENOMEM} under strict overcommit
     * @throws UnsupportedOperationException when libc is not available
     */
    public static NativeMemory map(long bytes, Option... options) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be > 0: " + bytes);
        }
        EnumSet<Option> set = EnumSet.noneOf(Option.class);
        for (Option option : options) {
            set.add(option);
        }
        if (set.contains(Option.HUGE_PAGES) && set.contains(Option.NO_HUGE_PAGES)) {
            throw new IllegalArgumentException("HUGE_PAGES and NO_HUGE_PAGES exclude each other");
        }
        LibC libc = libc();
        long pageSize = Sizes.pageSize();
        long size = (bytes + pageSize - 1) & -pageSize;
        int flags = LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS;
        if (set.contains(Option.NO_RESERVE)) {
            flags |= LibC.MAP_NORESERVE;
        }
        if (set.contains(Option.POPULATE) && !hugeAdvice(set)) {
            flags |= LibC.MAP_POPULATE;
        }
        long address = libc.mmap(null, size, LibC.PROT_READ | LibC.PROT_WRITE, flags, -1, 0L);
        if (address == -1L) {
            throw failure("mmap", "mmap of " + Sizes.format(size));
        }
        NativeMemory memory = new NativeMemory(address, size, set);
        if (hugeAdvice(set)) {
            int advice = set.contains(Option.HUGE_PAGES) ? LibC.MADV_HUGEPAGE : LibC.MADV_NOHUGEPAGE;
            if (libc.madvise(address, size, advice) != 0) {
                NativeMemoryException e = failure("madvise", "madvise(" + (advice == LibC.MADV_HUGEPAGE
                        ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE") + ")");
                memory.close();
                throw e;
            }
            if (set.contains(Option.POPULATE)) {
                memory.touch(0, memory.pages());
            }
        }
        return memory;
    }

    /** The start address. */
    public long address() {
        return address;
    }

    /** The size in bytes (whole pages). */
    public long size() {
        return size;
    }

    /** The size in base pages. */
    public long pages() {
        return size / Sizes.pageSize();
    }

    /** The base page size that {@link #touch} counts in. */
    public static long pageSize() {
        return Sizes.pageSize();
    }

    /** The options it was mapped with. */
    public EnumSet<Option> options() {
        return options.clone();
    }

    /**
     * Writes one byte in each of {@code pages} base pages from page {@code fromPage}:
     * each page not yet resident costs the calling thread one minor fault (with huge
     * pages, one fault per huge page).
     */
    public synchronized void touch(long fromPage, long pages) {
        checkOpen();
        if (fromPage < 0 || pages < 0 || fromPage + pages > pages()) {
            throw new IndexOutOfBoundsException("pages [" + fromPage + ", " + (fromPage + pages)
                    + ") outside [0, " + pages() + ")");
        }
        long pageSize = Sizes.pageSize();
        Pointer memory = Runtime.getSystemRuntime().getMemoryManager().newPointer(address, size);
        for (long page = fromPage, end = fromPage + pages; page < end; page++) {
            memory.putByte(page * pageSize, (byte) 1);
        }
    }

    /** The residency of this mapping now. */
    public synchronized Residency residency() {
        checkOpen();
        return Residency.of(address, size);
    }

    /**
     * {@code madvise(MADV_DONTNEED)}: gives every page back to the kernel; RSS falls, the
     * mapping stays, and the next touch of a page faults in a zero page.
     */
    public synchronized void adviseDontNeed() {
        checkOpen();
        if (libc().madvise(address, size, LibC.MADV_DONTNEED) != 0) {
            throw failure("madvise", "madvise(MADV_DONTNEED)");
        }
    }

    /** Unmaps the memory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (libc().munmap(address, size) != 0) {
            throw failure("munmap", "munmap");
        }
    }

    @Override
    public String toString() {
        return "NativeMemory[0x" + Long.toHexString(address) + " +" + Sizes.format(size) + " " + options
                + (closed ? ", closed]" : "]");
    }

    private static boolean hugeAdvice(EnumSet<Option> set) {
        return set.contains(Option.HUGE_PAGES) || set.contains(Option.NO_HUGE_PAGES);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("mapping at 0x" + Long.toHexString(address) + " is closed");
        }
    }

    private static LibC libc() {
        LibC libc = Natives.libc().library();
        if (libc == null) {
            throw new UnsupportedOperationException("native memory unavailable: " + Natives.libc().problem());
        }
        return libc;
    }

    private static NativeMemoryException failure(String call, String what) {
        int errno = Natives.errno();
        return new NativeMemoryException(call, what, errno, Natives.strerror(errno));
    }
}
