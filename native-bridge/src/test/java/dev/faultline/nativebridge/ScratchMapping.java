package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A private anonymous mapping made straight through libc for the counter tests, so that
 * what they measure is the kernel's doing and not the code under test's. Base pages only
 * ({@code MADV_NOHUGEPAGE}), so one touched page is one fault and one page of RSS; with
 * an unmapped page on each side, so the kernel cannot merge it with a neighbour.
 */
final class ScratchMapping implements AutoCloseable {
    static final LibC LIBC = requireLibc();
    static final long PAGE = LIBC.sysconf(LibC._SC_PAGESIZE);

    final long address;
    final long length;
    private final Pointer memory;
    private boolean closed;

    private ScratchMapping(long address, long length) {
        this.address = address;
        this.length = length;
        this.memory = Runtime.getSystemRuntime().getMemoryManager().newPointer(address, length);
    }

    /** Maps {@code length} bytes, readable and writable, with {@code extraFlags} (e.g. {@code MAP_NORESERVE}). */
    static ScratchMapping map(long length, int extraFlags) {
        long whole = length + 2 * PAGE;
        long base = LIBC.mmap(null, whole, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | extraFlags, -1, 0);
        assertNotEquals(-1L, base, () -> "mmap " + whole + ": " + Natives.strerror(Natives.errno()));
        assertEquals(0, LIBC.munmap(base, PAGE), "munmap of the low guard page");
        assertEquals(0, LIBC.munmap(base + PAGE + length, PAGE), "munmap of the high guard page");
        assertEquals(0, LIBC.madvise(base + PAGE, length, LibC.MADV_NOHUGEPAGE), "madvise(MADV_NOHUGEPAGE)");
        return new ScratchMapping(base + PAGE, length);
    }

    static ScratchMapping map(long length) {
        return map(length, 0);
    }

    /** Like {@link #map(long, int)}, but returns {@code null} when {@code mmap} fails (and leaves errno). */
    static ScratchMapping tryMap(long length, int extraFlags) {
        long address = LIBC.mmap(null, length, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | extraFlags, -1, 0);
        return address == -1L ? null : new ScratchMapping(address, length);
    }

    /** Writes one byte in each page of {@code [offset, offset + bytes)}. */
    void touch(long offset, long bytes) {
        for (long at = offset; at < offset + bytes; at += PAGE) {
            memory.putByte(at, (byte) 1);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            assertEquals(0, LIBC.munmap(address, length), "munmap");
        }
    }

    private static LibC requireLibc() {
        LibC libc = Natives.libc().library();
        assertNotNull(libc, () -> "libc is needed for this test: " + Natives.libc().problem());
        return libc;
    }
}
