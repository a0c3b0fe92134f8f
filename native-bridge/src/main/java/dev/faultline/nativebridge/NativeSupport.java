package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.CodeCache;
import dev.faultline.nativebridge.internal.JvmFlags;
import dev.faultline.nativebridge.internal.Natives;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the native bridge can do in this JVM, and for each thing it cannot, why and what
 * to do about it.
 *
 * <p>Public API. Each check runs once; the answers do not change while the JVM runs.
 */
public final class NativeSupport {
    private NativeSupport() {
    }

    /** Whether libc is bound (counters, mappings, residency, {@link NativeMemory}). */
    public static boolean libcAvailable() {
        return Natives.libc().library() != null;
    }

    /**
     * Says that libc (JNR, about 0.5 s to load) is going to be loaded soon on another
     * thread, by a call to {@link #libcAvailable()} there; returns at once. Until it is
     * loaded, {@link ThreadCounters#quick()} reads {@code /proc} instead of waiting, and
     * {@code /proc} files are read with plain file reads; every other use of libc waits
     * for it as before. For a program's start-up path (an agent's {@code premain}).
     */
    public static void deferLibc() {
        Natives.deferLibc();
    }

    /** Why libc is not bound, or {@code null}. */
    public static String libcProblem() {
        return Natives.libc().problem();
    }

    /** Whether libunwind is loaded, so that backtraces can hold native frames. */
    public static boolean libunwindAvailable() {
        return Natives.libunwind().library() != null;
    }

    /** Why libunwind is not loaded (with what to install), or {@code null}. */
    public static String libunwindProblem() {
        String problem = Natives.libunwind().problem();
        return problem == null ? null : problem + " (on Debian/Ubuntu: apt-get install libunwind8)";
    }

    /**
     * Whether the JVM runs with {@code -XX:+PreserveFramePointer}: {@code TRUE}, {@code FALSE},
     * or {@code null} when it cannot be told. Without it, native frames below the first
     * compiled Java frame cannot be walked, and backtraces say so.
     */
    public static Boolean preserveFramePointer() {
        return JvmFlags.preserveFramePointer();
    }

    /** Whether native frames are merged into backtraces: libunwind, the code cache bounds and frame pointers. */
    public static boolean nativeFramesAvailable() {
        return libunwindAvailable() && CodeCache.get().known() && Boolean.TRUE.equals(preserveFramePointer());
    }

    /** Why native frames are not merged into backtraces, with what to do, or {@code null}. */
    public static String nativeFramesProblem() {
        if (!libunwindAvailable()) {
            return libunwindProblem();
        }
        if (!CodeCache.get().known()) {
            return CodeCache.get().problem();
        }
        if (!Boolean.TRUE.equals(preserveFramePointer())) {
            return "the JVM runs without -XX:+PreserveFramePointer: native frames below compiled Java code"
                    + " cannot be walked (add the flag to the java command line)";
        }
        return null;
    }

    /** Whether the {@code /proc} counters of this process are readable. */
    public static boolean procAvailable() {
        return procProblem() == null;
    }

    /** Why {@code /proc} counters are unreadable, or {@code null}. */
    public static String procProblem() {
        String platform = Natives.platformProblem();
        if (platform != null) {
            return platform;
        }
        Path status = Path.of("/proc/self/status");
        return Files.isReadable(status) ? null : status + " is not readable (is /proc mounted?)";
    }

    /** A report of every check, one line each, for diagnostics. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        line(sb, "libc", libcProblem());
        line(sb, "libunwind", libunwindProblem());
        line(sb, "frame pointers", Boolean.TRUE.equals(preserveFramePointer()) ? null
                : "off: run the JVM with -XX:+PreserveFramePointer to see native frames below Java");
        line(sb, "native frames", nativeFramesProblem());
        line(sb, "/proc counters", procProblem());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String what, String problem) {
        sb.append(String.format("%-15s %s%n", what, problem == null ? "ok" : problem));
    }
}
