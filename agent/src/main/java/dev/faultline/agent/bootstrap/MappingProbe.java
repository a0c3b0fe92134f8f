package dev.faultline.agent.bootstrap;

/**
 * The static entry points that the JDK's mapping methods call once faultline has hooked
 * them ({@code FileChannel.map}, direct buffers, FFM allocations, and the matching unmap
 * and free). On the bootstrap class path so that {@code java.base} can call it. Does
 * nothing until a {@link MappingListener} is installed, and never throws: the JDK method
 * goes on exactly as it would without faultline.
 */
public final class MappingProbe {
    /** {@code FileChannel.map(MapMode, long, long)}: a {@code MappedByteBuffer}. */
    public static final int KIND_FILE_MAP = 1;
    /** {@code ByteBuffer.allocateDirect}: a direct buffer's native memory. */
    public static final int KIND_DIRECT_BUFFER = 2;
    /** {@code Arena.allocate} and the other FFM native allocations (Java 22+). */
    public static final int KIND_FFM_ALLOCATION = 3;
    /** {@code FileChannel.map(MapMode, long, long, Arena)}: a mapped {@code MemorySegment} (Java 22+). */
    public static final int KIND_FFM_FILE_MAP = 4;

    private static volatile MappingListener listener;
    private static volatile boolean failureReported;

    private MappingProbe() {
    }

    /** Called by a hooked mapping method just before it returns {@code owner}. */
    public static void mapped(Object owner, long address, int kind, String file) {
        MappingListener l = listener;
        if (l == null) {
            return;
        }
        try {
            l.mapped(owner, address, kind, file);
        } catch (Throwable t) {
            reportOnce(t);
        }
    }

    /**
     * Called by a hooked allocation before the object that owns the memory is made (the
     * direct buffer's deallocator, whose constructor gets the address and capacity).
     */
    public static void allocated(long address, long size, int kind) {
        MappingListener l = listener;
        if (l == null || address == 0) {
            return;
        }
        try {
            l.allocated(address, size, kind);
        } catch (Throwable t) {
            reportOnce(t);
        }
    }

    /** Called by a hooked unmap or free method before it releases the memory at {@code address}. */
    public static void freed(long address) {
        MappingListener l = listener;
        if (l == null || address == 0) {
            return;
        }
        try {
            l.freed(address);
        } catch (Throwable t) {
            reportOnce(t);
        }
    }

    /** Installs (or, with {@code null}, removes) the listener. */
    public static void install(MappingListener newListener) {
        listener = newListener;
    }

    private static void reportOnce(Throwable t) {
        // the listener reports its own failures; this is the last line of defence
        if (!failureReported) {
            failureReported = true;
            try {
                System.err.println("faultline: warning: the mapping tracker failed (" + t
                        + "); the application goes on");
            } catch (Throwable ignored) {
                // nothing more to do without risking the caller
            }
        }
    }
}
