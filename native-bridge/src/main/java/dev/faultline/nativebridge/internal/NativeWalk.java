package dev.faultline.nativebridge.internal;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * One {@code unw_backtrace} call: the calling thread's instruction pointers, innermost
 * first, walked inside a single native call (a cursor stepped over separate JNR calls
 * would walk a stub frame that no longer exists).
 *
 * <p>The addresses are unchecked: callers must check each against the executable
 * mappings before showing it.
 */
public final class NativeWalk {
    /** Most instruction pointers one walk records. */
    public static final int CAPACITY = 512;

    private static final ThreadLocal<Pointer> BUFFER = new ThreadLocal<>() {
        @Override
        protected Pointer initialValue() {
            return Memory.allocateDirect(Runtime.getSystemRuntime(), 8 * CAPACITY);
        }
    };

    private NativeWalk() {
    }

    /**
     * Walks the calling thread's stack into {@code ips} (at most {@link #CAPACITY} or
     * {@code ips.length} addresses); returns how many were recorded.
     *
     * @throws IllegalStateException when libunwind is not loaded
     */
    public static int walk(long[] ips) {
        LibUnwind unwind = Natives.libunwind().library();
        if (unwind == null) {
            throw new IllegalStateException(Natives.libunwind().problem());
        }
        Pointer buffer = BUFFER.get();
        int count = unwind.unw_backtrace(buffer, Math.min(CAPACITY, ips.length));
        count = Math.max(0, Math.min(count, ips.length));
        buffer.get(0, ips, 0, count);
        return count;
    }
}
