package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import dev.faultline.nativebridge.internal.Sizes;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.BitSet;

/**
 * Which pages of an address range are resident in memory right now, as the kernel's
 * {@code mincore} reports them: a count and a per-page view.
 *
 * <p>Public API. The range is widened to whole pages. Pages of a file mapping count as
 * resident when they are in the page cache, whether or not this process touched them.
 */
public final class Residency {
    private static final int CHUNK_PAGES = 64 * 1024;

    private final long address;
    private final long pages;
    private final long resident;
    private final BitSet residentPages;

    private Residency(long address, long pages, long resident, BitSet residentPages) {
        this.address = address;
        this.pages = pages;
        this.resident = resident;
        this.residentPages = residentPages;
    }

    /**
     * Reads the residency of {@code [address, address + length)}.
     *
     * @throws NativeMemoryException when part of the range is not mapped ({@code ENOMEM})
     * @throws UnsupportedOperationException when libc is not available
     */
    public static Residency of(long address, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0: " + length);
        }
        LibC libc = Natives.libc().library();
        if (libc == null) {
            throw new UnsupportedOperationException("mincore unavailable: " + Natives.libc().problem());
        }
        long pageSize = Sizes.pageSize();
        long start = address & -pageSize;
        long end = (address + length + pageSize - 1) & -pageSize;
        long pages = (end - start) / pageSize;
        BitSet set = new BitSet((int) Math.min(pages, Integer.MAX_VALUE));
        long resident = 0;
        Pointer vec = Memory.allocateDirect(Runtime.getSystemRuntime(), (int) Math.min(pages, CHUNK_PAGES));
        byte[] bytes = new byte[(int) Math.min(pages, CHUNK_PAGES)];
        for (long done = 0; done < pages; done += CHUNK_PAGES) {
            int n = (int) Math.min(CHUNK_PAGES, pages - done);
            if (libc.mincore(start + done * pageSize, n * pageSize, vec) != 0) {
                int errno = Natives.errno();
                throw new NativeMemoryException("mincore",
                        "mincore of 0x" + Long.toHexString(start) + " +" + Sizes.format(end - start),
                        errno, Natives.strerror(errno));
            }
            vec.get(0, bytes, 0, n);
            for (int i = 0; i < n; i++) {
                if ((bytes[i] & 1) != 0) {
                    set.set((int) (done + i));
                    resident++;
                }
            }
        }
        return new Residency(start, pages, resident, set);
    }

    /** The page-aligned start of the range. */
    public long address() {
        return address;
    }

    /** Pages in the range. */
    public long pages() {
        return pages;
    }

    /** Resident pages in the range. */
    public long residentPages() {
        return resident;
    }

    /** Resident bytes in the range. */
    public long residentBytes() {
        return resident * Sizes.pageSize();
    }

    /** Whether the {@code index}-th page of the range is resident. */
    public boolean isResident(long index) {
        if (index < 0 || index >= pages) {
            throw new IndexOutOfBoundsException("page " + index + " of " + pages);
        }
        return residentPages.get((int) index);
    }

    /** The resident pages as a set of page indexes (a copy). */
    public BitSet residentSet() {
        return (BitSet) residentPages.clone();
    }

    @Override
    public String toString() {
        return resident + " of " + pages + " pages resident at 0x" + Long.toHexString(address);
    }
}
