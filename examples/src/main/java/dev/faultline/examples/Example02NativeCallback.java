package dev.faultline.examples;

import dev.faultline.annotation.Trace;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

import java.util.Arrays;

/**
 * Example 02: native code calling back into Java, and a dump that shows the native frames
 * between the two Java parts of the stack.
 *
 * <p>libc's {@code qsort} sorts an array of C ints with a comparator written in Java
 * (through JNR-FFI). The comparator carries {@code @Trace}, so the agent dumps it from
 * inside {@code qsort}: the comparator at the top; below it the callback machinery
 * (JNR's proxy, {@code jni_CallIntMethodA} in {@code libjvm.so}, jffi's closure
 * trampoline); then {@code qsort}'s own frames in {@code libc.so.6}; then the JNR stub
 * and the Java code that called {@code qsort}, down to {@code main} and the native frames
 * that started the JVM. A Java stack trace taken in the comparator would show the two Java
 * parts glued together, with nothing between them.
 *
 * <p>Recent glibc implements {@code qsort} by calling {@code qsort_r}, so the libc frames
 * are named {@code qsort_r} and {@code msort_with_tmp}.
 */
public final class Example02NativeCallback {
    private Example02NativeCallback() {
    }

    /** The C comparator type: {@code int (*)(const void *, const void *)}. */
    public interface Comparator {
        @Delegate
        int compare(Pointer a, Pointer b);
    }

    /** The part of libc this example calls. */
    public interface LibC {
        void qsort(Pointer base, long count, long size, Comparator comparator);
    }

    public static void main(String[] args) {
        int[] values = {42, 7, 19, 3, 28, 11};
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        int[] sorted = sort(libc, values);
        System.out.println("qsort sorted " + Arrays.toString(values) + " into " + Arrays.toString(sorted)
                + " with a Java comparator");
        System.out.println("The comparator's dump (on stderr) has libc's qsort frames between the comparator"
                + " and the Java code that called qsort.");
    }

    /** Copies {@code values} into native memory, sorts them there with libc's qsort, and copies them back. */
    static int[] sort(LibC libc, int[] values) {
        Pointer array = Memory.allocateDirect(jnr.ffi.Runtime.getRuntime(libc), Integer.BYTES * values.length);
        array.put(0, values, 0, values.length);
        libc.qsort(array, values.length, Integer.BYTES, Example02NativeCallback::compareInts);
        int[] sorted = new int[values.length];
        array.get(0, sorted, 0, sorted.length);
        return sorted;
    }

    /** The Java comparator that qsort calls; traced, so the agent dumps it from inside qsort. */
    @Trace
    static int compareInts(Pointer a, Pointer b) {
        return Integer.compare(a.getInt(0), b.getInt(0));
    }

    /*
     * How to run
     *
     *   ./faultline example 02
     *
     * or, from the repository root after `mvn -B -DskipTests package`:
     *
     *   java -XX:+PreserveFramePointer \
     *        -javaagent:agent/target/faultline-agent.jar=sink=stderr,every=1000 \
     *        -cp 'examples/target/faultline-examples.jar:examples/target/lib/*' \
     *        dev.faultline.examples.Example02NativeCallback
     *
     * qsort calls the comparator about a dozen times; every=1000 follows (and dumps) the
     * first call and every 1000th after it, so one dump shows and the other calls are only
     * counted. On JDK 24 and newer add
     * --enable-native-access=ALL-UNNAMED to silence the JVM's warning about JNR-FFI.
     */
}
