package dev.faultline.nativebridge.internal;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

import java.util.Locale;

/**
 * Lazily loaded native libraries, each either bound or absent with the reason why.
 *
 * <p>Loading never throws: a library that cannot be loaded leaves its binding {@code null}
 * and its {@link Loaded#problem() problem} set, and every feature that needs it takes
 * its degraded path. System properties override what is loaded:
 * <ul>
 *   <li>{@code faultline.native=false} binds nothing (Java-only mode);</li>
 *   <li>{@code faultline.libunwind=PATH} names the libunwind to load (default
 *       {@code libunwind.so.8}, then {@code libunwind.so}).</li>
 * </ul>
 */
public final class Natives {

    /** A binding, or the reason there is none. */
    public static final class Loaded<T> {
        private final T library;
        private final String problem;

        private Loaded(T library, String problem) {
            this.library = library;
            this.problem = problem;
        }

        /** The binding, or {@code null} when the library could not be loaded. */
        public T library() {
            return library;
        }

        /** Why the library is absent, or {@code null} when it loaded. */
        public String problem() {
            return problem;
        }
    }

    private Natives() {
    }

    /** Set once libc has been looked for (whether it loaded or not). */
    private static volatile boolean libcLookedFor;
    /** Set by {@link #deferLibc()}: until libc is looked for, {@link #libcIfReady()} does not wait. */
    private static volatile boolean libcDeferred;

    private static final class LibCHolder {
        static final Loaded<LibC> LOADED = load(LibC.class, "c", "libc.so.6");

        static {
            warm(LOADED.library());
            libcLookedFor = true;
        }
    }

    /**
     * Makes the calls that every traced call and tick makes once, here, before
     * {@link #libcIfReady()} lets other threads use libc: their first call loads and links
     * jffi's invokers and jnr's memory classes. Done by another thread, that first call could
     * come deep in a recursion near the end of its stack, where a class that loads calls the
     * instrumentation's transformer and the JDK reports the overflow as a failed transform.
     */
    private static void warm(LibC libc) {
        if (libc == null) {
            return;
        }
        try {
            jnr.ffi.Pointer usage = jnr.ffi.Memory.allocateDirect(Runtime.getSystemRuntime(), 256, true);
            libc.getrusage(1, usage); // RUSAGE_THREAD
            com.kenai.jffi.MemoryIO.getInstance().getLong(usage.address()); // how Rusage reads its fields
            int fd = libc.open("/proc/self/stat", LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (fd >= 0) {
                libc.pread(fd, new byte[64], 64, 0);
                libc.close(fd);
            }
            LastError.getLastError(Runtime.getSystemRuntime());
        } catch (Throwable t) {
            // a warm-up only: the calls themselves report their failures where they are made
        }
    }

    private static final class LibUnwindHolder {
        static final Loaded<LibUnwind> LOADED = loadUnwind();
    }

    private static final class LibStdCxxHolder {
        static final Loaded<LibStdCxx> LOADED = load(LibStdCxx.class, "libstdc++.so.6", "stdc++");
    }

    /** libc, or why not. */
    public static Loaded<LibC> libc() {
        return LibCHolder.LOADED;
    }

    /**
     * libc, or {@code null} while a load announced by {@link #deferLibc()} has not
     * finished: for readers with a path of their own that needs no libc (a plain
     * file read), which must not wait the ~0.5 s that loading JNR takes. Without a
     * background load it is {@link #libc()}.
     */
    public static Loaded<LibC> libcIfReady() {
        return libcLookedFor || !libcDeferred ? libc() : null;
    }

    /** Whether libc has been looked for (loaded or not): {@link #libc()} would not wait. */
    public static boolean libcLookedFor() {
        return libcLookedFor;
    }

    /**
     * Says that libc is going to be looked for soon, off the caller's path (another thread
     * calls {@link #libc()}); until then {@link #libcIfReady()} answers {@code null}
     * instead of waiting. Should nobody look for it, those readers keep their plain path.
     */
    public static void deferLibc() {
        libcDeferred = true;
    }

    /** libunwind, or why not. */
    public static Loaded<LibUnwind> libunwind() {
        return LibUnwindHolder.LOADED;
    }

    /** The C++ runtime (for demangling), or why not. */
    public static Loaded<LibStdCxx> libstdcxx() {
        return LibStdCxxHolder.LOADED;
    }

    /** Whether this platform is one the native bridge supports at all. */
    public static String platformProblem() {
        if (!Boolean.parseBoolean(System.getProperty("faultline.native", "true"))) {
            return "disabled by -Dfaultline.native=false";
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "not Linux (os.name=" + System.getProperty("os.name") + ")";
        }
        return null;
    }

    /** The errno saved by the last {@code @SaveError} call on this thread. */
    public static int errno() {
        return LastError.getLastError(Runtime.getSystemRuntime());
    }

    /** {@code strerror(errno)}, or a plain fallback when libc is absent. */
    public static String strerror(int errno) {
        LibC libc = libc().library();
        String text = libc == null ? null : libc.strerror(errno);
        return text == null ? "errno " + errno : text;
    }

    private static Loaded<LibUnwind> loadUnwind() {
        String path = System.getProperty("faultline.libunwind");
        if (path != null && !path.isEmpty()) {
            return load(LibUnwind.class, path);
        }
        return load(LibUnwind.class, "libunwind.so.8", "unwind");
    }

    private static <T> Loaded<T> load(Class<T> type, String... names) {
        String platform = platformProblem();
        if (platform != null) {
            return new Loaded<>(null, platform);
        }
        Throwable last = null;
        for (String name : names) {
            try {
                T library = LibraryLoader.create(type).failImmediately().load(name);
                return new Loaded<>(library, null);
            } catch (Throwable t) { // UnsatisfiedLinkError, LinkageError from jffi
                last = t;
            }
        }
        String why = last == null ? "unknown" : String.valueOf(last.getMessage()).split("\n", 2)[0];
        return new Loaded<>(null, String.join(" or ", names) + " not loadable: " + why);
    }
}
