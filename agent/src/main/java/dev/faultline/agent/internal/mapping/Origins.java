package dev.faultline.agent.internal.mapping;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds where in the application a mapping was made: the first frame below the JDK's own
 * frames, e.g. {@code "FileChannel.map at com.acme.Store.open(Store.java:88)"}; and tells
 * the agent's own mappings apart, which are never recorded.
 *
 * <p>One bounded {@link StackWalker} walk (at most {@link #DEPTH} frames) per mapping,
 * about 3–9 µs; one {@code StackTraceElement}, for the origin frame. At most
 * {@link #WALKS_PER_SECOND} walks a second: beyond that, in a storm of allocations, a
 * mapping is recorded with its call only, so that the tracker's cost stays bounded
 * (and is then taken for the application's own).
 */
final class Origins {
    /** Frames looked at: enough to get past the JDK's frames of a mapping call. */
    static final int DEPTH = 48;
    /** Stack walks a second at most: about 1% of a core. */
    static final int WALKS_PER_SECOND = 1000;
    /** What stands for the frame of a mapping whose origin was not taken. */
    static final String NOT_TAKEN = " (origin not taken: over " + WALKS_PER_SECOND + " mappings a second)";
    private static final long SECOND = 1_000_000_000L;
    private static final String BOOTSTRAP_PACKAGE = "dev.faultline.agent.bootstrap.";

    private final StackWalker walker = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));
    private final ClassLoader agentLoader;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final long windowNanos;
    private final AtomicInteger walks = new AtomicInteger();
    private volatile long windowStart = System.nanoTime();

    /** {@code agentLoader}: the loader of the agent's classes, whose mappings are its own. */
    Origins(ClassLoader agentLoader) {
        this(agentLoader, SECOND);
    }

    /** With the window over which {@link #WALKS_PER_SECOND} walks are allowed (tests stretch it). */
    Origins(ClassLoader agentLoader, long windowNanos) {
        this.agentLoader = agentLoader;
        this.windowNanos = windowNanos;
    }

    /**
     * The origin of the mapping being made on this thread, as {@code call + " at " + frame},
     * or {@code null} when the agent itself makes it.
     */
    String find(String call) {
        long now = System.nanoTime();
        if (now - windowStart > windowNanos) {
            windowStart = now; // racy on purpose: a window may admit a few walks more
            walks.set(0);
        }
        if (walks.incrementAndGet() > WALKS_PER_SECOND) {
            return call + NOT_TAKEN;
        }
        return walker.walk(new Search(call));
    }

    /** The walk: past the probe's frames on top, through the JDK's, to the first of the application's. */
    private final class Search implements Function<Stream<StackWalker.StackFrame>, String> {
        private final String call;

        Search(String call) {
            this.call = call;
        }

        @Override
        public String apply(Stream<StackWalker.StackFrame> frames) {
            Iterator<StackWalker.StackFrame> it = frames.limit(DEPTH).iterator();
            boolean onTop = true;
            StackWalker.StackFrame deepestJdk = null;
            while (it.hasNext()) {
                StackWalker.StackFrame f = it.next();
                Class<?> c = f.getDeclaringClass();
                if (onTop && isTracker(c)) {
                    continue;
                }
                onTop = false;
                if (isAgent(c)) {
                    return null;
                }
                if (!isJdk(c)) {
                    return call + " at " + format(f);
                }
                deepestJdk = f;
            }
            // only JDK frames: a JDK thread's own mapping (or a deeper stack than this looks at)
            return deepestJdk == null ? call : call + " at " + format(deepestJdk);
        }
    }

    /** The probe, the tracker and this class: the frames on top of every walk. */
    private static boolean isTracker(Class<?> c) {
        return c == Search.class || c == Origins.class || c == MappingTracker.class
                || c.getName().startsWith(BOOTSTRAP_PACKAGE);
    }

    private boolean isAgent(Class<?> c) {
        return c.getClassLoader() == agentLoader && agentLoader != null || c.getName().startsWith(BOOTSTRAP_PACKAGE);
    }

    private boolean isJdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == platformLoader;
    }

    /** As {@code StackTraceElement.toString()} without the loader and module prefix. */
    static String format(StackWalker.StackFrame f) {
        StackTraceElement e = f.toStackTraceElement();
        StringBuilder sb = new StringBuilder(96).append(e.getClassName()).append('.').append(e.getMethodName())
                .append('(');
        String file = e.getFileName();
        int line = e.getLineNumber();
        if (e.isNativeMethod()) {
            sb.append("Native Method");
        } else if (file == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(file);
            if (line >= 0) {
                sb.append(':').append(line);
            }
        }
        return sb.append(')').toString();
    }
}
