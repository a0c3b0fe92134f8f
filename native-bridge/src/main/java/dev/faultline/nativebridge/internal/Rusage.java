package dev.faultline.nativebridge.internal;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * {@code struct rusage} of 64-bit Linux (x86_64 and aarch64 share it), filled by
 * {@code getrusage} into a per-thread native buffer so that a reading allocates nothing,
 * and read back straight from that buffer's memory.
 *
 * <p>{@code RusageLayoutTest} checks the offsets against the C compiler.
 */
public final class Rusage {

    /** Field offsets in C field order; every field is a {@code long} (or two, for a {@code timeval}). */
    public static final class Layout {
        public static final int RU_UTIME = 0;      // struct timeval { long tv_sec; long tv_usec; }
        public static final int RU_STIME = 16;     // struct timeval
        public static final int RU_MAXRSS = 32;
        public static final int RU_IXRSS = 40;
        public static final int RU_IDRSS = 48;
        public static final int RU_ISRSS = 56;
        public static final int RU_MINFLT = 64;
        public static final int RU_MAJFLT = 72;
        public static final int RU_NSWAP = 80;
        public static final int RU_INBLOCK = 88;
        public static final int RU_OUBLOCK = 96;
        public static final int RU_MSGSND = 104;
        public static final int RU_MSGRCV = 112;
        public static final int RU_NSIGNALS = 120;
        public static final int RU_NVCSW = 128;
        public static final int RU_NIVCSW = 136;
        /** {@code sizeof(struct rusage)}. */
        public static final int SIZE = 144;
        /** {@code tv_usec} within a {@code timeval}. */
        public static final int TV_USEC = 8;

        private Layout() {
        }
    }

    private static final ThreadLocal<Buffer> BUFFERS = new ThreadLocal<>() {
        @Override
        protected Buffer initialValue() {
            return new Buffer(Memory.allocateDirect(Runtime.getSystemRuntime(), Layout.SIZE, true));
        }
    };

    /** A thread's buffer: the memory (kept alive by the pointer) and its address. */
    private static final class Buffer {
        final Pointer pointer;
        final long address;

        Buffer(Pointer pointer) {
            this.pointer = pointer;
            this.address = pointer.address();
        }
    }

    private Rusage() {
    }

    /**
     * Why {@code getrusage} cannot be read here, or {@code null} when it can: libc must be
     * bound and the ABI must be the 64-bit Linux one this layout describes.
     */
    public static String problem() {
        return Holder.PROBLEM;
    }

    /**
     * Fills this thread's buffer with {@code getrusage(who)} and returns its address, or 0
     * when it cannot be read. Read its fields with {@link #field} and {@link #nanosAt} before
     * the next call on this thread, which reuses the buffer.
     */
    public static long read(int who) {
        if (Holder.PROBLEM != null) {
            return 0;
        }
        Buffer buffer = BUFFERS.get();
        return Holder.LIBC.getrusage(who, buffer.pointer) == 0 ? buffer.address : 0;
    }

    /**
     * A {@code long} field of the buffer at {@code address} (from {@link #read}), read
     * straight from memory through jffi: the {@code Pointer} accessors go through four
     * layers whose call sites the JIT cannot inline once other code in the JVM uses other
     * kinds of JNR memory (measured: tens of nanoseconds per traced call).
     */
    public static long field(long address, int offset) {
        return Holder.MEMORY.getLong(address + offset);
    }

    /** A {@code timeval} field of the buffer at {@code address} in nanoseconds. */
    public static long nanosAt(long address, int offset) {
        return field(address, offset) * 1_000_000_000L + field(address, offset + Layout.TV_USEC) * 1_000L;
    }

    private static final class Holder {
        static final LibC LIBC = Natives.libc().library();
        static final com.kenai.jffi.MemoryIO MEMORY = com.kenai.jffi.MemoryIO.getInstance();
        static final String PROBLEM = findProblem();

        private static String findProblem() {
            if (LIBC == null) {
                return "libc not available: " + Natives.libc().problem();
            }
            if (Runtime.getSystemRuntime().addressSize() != 8) {
                return "struct rusage layout is only known for 64-bit Linux";
            }
            return null;
        }
    }
}
