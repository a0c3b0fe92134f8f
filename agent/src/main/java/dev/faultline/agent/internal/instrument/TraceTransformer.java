package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.internal.index.TraceIndex;
import dev.faultline.agent.internal.options.MethodOptions;
import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.Tracer;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The class file transformer: decides from the class name (patterns, the index) or a
 * byte search for {@code @Trace} whether a class may hold traced methods, and only then
 * reads and weaves it. Runs on the thread that loads the class, as the agent's own work
 * (nothing it calls is traced). A class it cannot weave runs untraced, with a warning.
 */
final class TraceTransformer implements ClassFileTransformer {
    private static final int MAX_REPORTED_ERRORS = 5;

    private final MethodRegistry registry;
    private final Selection selection;
    private final TraceIndex index;
    private final Tracer tracer;
    private final ClassLoader own = TraceTransformer.class.getClassLoader();
    private final AtomicInteger errors = new AtomicInteger();
    /** The classes woven so far, by loader (the bootstrap loader under {@code null}), for detach. */
    private final Map<ClassLoader, Set<String>> woven = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<String> wovenByBootstrap = Collections.synchronizedSet(new HashSet<>());

    TraceTransformer(MethodRegistry registry, Selection selection, TraceIndex index, Tracer tracer) {
        this.registry = registry;
        this.selection = selection;
        this.index = index;
        this.tracer = tracer;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        if (internalName == null || bytes == null || (loader != null && loader == own)
                || (!selection.namesJdk() && Selection.isJdkInternalName(internalName))) {
            return null; // most classes that load are the JDK's: only a pattern can pick one of those
        }
        // a class that this transformation's own work loads is let through unchanged (transforming
        // it would need the transformer again, and the JVM answers a class needed while it loads
        // with ClassCircularityError); nothing the transformer calls is traced
        if (!tracer.beginTransform()) {
            return null;
        }
        try {
            return transform(loader, internalName.replace('/', '.'), domain, bytes);
        } catch (Throwable t) {
            report(internalName.replace('/', '.'), t);
            return null;
        } finally {
            tracer.endTransform();
        }
    }

    /**
     * Runs the transformer's whole path once before it is installed (the weaver through
     * {@link WeaverWarmUp}, unless that ran already), so that the classes it needs are
     * loaded: later, a JDK class that it needed while that class itself loads would fail
     * to load.
     */
    void warmUp() {
        WeaverWarmUp.run();
        selection.patternsMayMatch(WarmUpSample.class.getName());
        Selection.isJdkInternalName("dev/faultline/WarmUp");
        index.of(TraceTransformer.class.getProtectionDomain());
    }

    private byte[] transform(ClassLoader loader, String className, ProtectionDomain domain, byte[] bytes) {
        if (selection.excluded(className)) {
            return null;
        }
        index.load(loader);
        Map<String, Map<String, MethodOptions>> ownIndex = index.of(domain);
        Map<String, MethodOptions> indexed = ownIndex == null ? null : ownIndex.get(className);
        boolean byPattern = selection.patternsMayMatch(className);
        boolean scanned = ownIndex == null && Selection.annotationsApply(className) && ClassScan.mentionsTrace(bytes);
        if (indexed == null && !byPattern && !scanned) {
            return null;
        }
        ClassScan scan = ClassScan.of(bytes);
        Map<String, Integer> ids = new HashMap<>();
        for (ClassScan.Method method : scan.methods) {
            String key = method.name + method.descriptor;
            MethodOptions options = selection.select(scan, method, indexed == null ? null : indexed.get(key), scanned,
                    byPattern);
            if (options != null) {
                ids.put(key, registry.register(className, method.name, method.descriptor, loader, options));
            }
        }
        if (ids.isEmpty()) {
            return null;
        }
        byte[] result = TraceWeaver.weave(bytes, ids);
        if (loader == null) {
            wovenByBootstrap.add(className);
        } else {
            synchronized (woven) {
                Set<String> names = woven.get(loader);
                if (names == null) {
                    names = Collections.synchronizedSet(new HashSet<>());
                    woven.put(loader, names);
                }
                names.add(className);
            }
        }
        return result;
    }

    /** Whether this loaded class was woven by this transformer. */
    boolean wove(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) {
            return wovenByBootstrap.contains(type.getName());
        }
        Set<String> names = woven.get(loader);
        return names != null && names.contains(type.getName());
    }

    private void report(String className, Throwable t) {
        int n = errors.incrementAndGet();
        if (n <= MAX_REPORTED_ERRORS) {
            String why = t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("version")
                    ? "its class file version is newer than this agent reads" : t.toString();
            System.err.println("faultline: warning: cannot instrument " + className + ", it runs untraced: " + why);
        } else if (n == MAX_REPORTED_ERRORS + 1) {
            System.err.println("faultline: warning: more classes cannot be instrumented; not reporting them");
        }
    }
}
