package dev.faultline.nativebridge;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;

/**
 * Run in a forked JVM by {@link BacktraceTest}: libc's {@code qsort} calls a Java
 * comparator (a JNR callback), which captures a backtrace; the native frames of libc
 * must show between the comparator's frames and the frames of the Java code that called
 * {@code qsort}.
 */
public final class QsortCallbackProgram {
    /** libc's qsort with a Java comparator. */
    public interface Qsort {
        /** The comparator callback. */
        interface Compare {
            @Delegate
            int compare(Pointer a, Pointer b);
        }

        void qsort(Pointer base, long count, long size, Compare compare);
    }

    private static Backtrace captured;

    public static void main(String[] args) {
        Qsort libc = LibraryLoader.create(Qsort.class).load("c");
        sortNumbers(libc);
        System.out.print(captured.format());
    }

    static void sortNumbers(Qsort libc) {
        Pointer numbers = Memory.allocateDirect(Runtime.getSystemRuntime(), 4 * 64);
        for (int i = 0; i < 64; i++) {
            numbers.putInt(4L * i, 64 - i);
        }
        libc.qsort(numbers, 64, 4, QsortCallbackProgram::compareNumbers);
        for (int i = 1; i < 64; i++) {
            if (numbers.getInt(4L * (i - 1)) > numbers.getInt(4L * i)) {
                throw new AssertionError("qsort did not sort");
            }
        }
    }

    static int compareNumbers(Pointer a, Pointer b) {
        if (captured == null) {
            captured = Backtrace.capture();
        }
        return Integer.compare(a.getInt(0), b.getInt(0));
    }
}
