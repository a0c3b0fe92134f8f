package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.internal.index.TraceIndex;
import dev.faultline.agent.internal.options.MethodOptions;
import dev.faultline.agent.internal.options.MethodPattern;
import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.Tracer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs the transformer that weaves the probe calls into the selected methods (and
 * retransforms the classes already loaded that hold some), and removes it again,
 * restoring the original classes.
 */
public final class Instrumenter {
    private final Instrumentation instrumentation;
    private final Selection selection;
    private final TraceIndex index;
    private final Tracer tracer;
    private final TraceTransformer transformer;
    private boolean installed;

    public Instrumenter(Instrumentation instrumentation, MethodRegistry registry, Selection selection,
                        TraceIndex index, Tracer tracer) {
        this.instrumentation = instrumentation;
        this.selection = selection;
        this.index = index;
        this.tracer = tracer;
        this.transformer = new TraceTransformer(registry, selection, index, tracer);
    }

    /** Installs the transformer; classes already loaded that may hold traced methods are retransformed. */
    public void install() {
        tracer.beginOwnWork();
        try {
            transformer.warmUp(); // before it is installed: see TraceTransformer.warmUp
            instrumentation.addTransformer(transformer, true);
            installed = true;
            retransform(candidates());
        } finally {
            tracer.endOwnWork();
        }
    }

    /** Removes the transformer and restores the original classes. */
    public void reset() {
        if (!installed) {
            return;
        }
        tracer.beginOwnWork();
        try {
            instrumentation.removeTransformer(transformer);
            installed = false;
            List<Class<?>> woven = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (transformer.wove(type)) {
                    woven.add(type);
                }
            }
            retransform(woven);
        } finally {
            tracer.endOwnWork();
        }
    }

    /**
     * Why a pattern matched no method, in words for a user: what {@link Selection#whyUnmatched}
     * saw, else a method it names that the classes it names inherit (declared in a superclass,
     * or a default method of an interface), which is traced under its declaring type's name;
     * {@code null} when nothing explains it. Reads the loaded classes: for the exit report.
     */
    public String whyUnmatched(MethodPattern pattern) {
        String seen = selection.whyUnmatched(pattern);
        if (seen != null) {
            return seen;
        }
        int looked = 0;
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.isArray() || type.isPrimitive() || !pattern.matchesClass(type.getName())) {
                continue;
            }
            if (++looked > 1000) {
                break;
            }
            String inherited = inherited(type, pattern);
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }

    private static String inherited(Class<?> type, MethodPattern pattern) {
        try {
            for (Method method : type.getMethods()) {
                Class<?> declaring = method.getDeclaringClass();
                if (declaring != type && declaring != Object.class && pattern.matchesMethod(method.getName())) {
                    return type.getName() + " does not declare " + method.getName() + ": it is "
                            + (method.isDefault() ? "a default method of interface " : "inherited from ")
                            + declaring.getName() + "; trace " + declaring.getName() + "#" + method.getName();
                }
            }
            for (Class<?> up = type.getSuperclass(); up != null && up != Object.class; up = up.getSuperclass()) {
                for (Method method : up.getDeclaredMethods()) {
                    if (pattern.matchesMethod(method.getName()) && !method.isSynthetic()) {
                        return type.getName() + " does not declare " + method.getName() + ": it is inherited from "
                                + up.getName() + "; trace " + up.getName() + "#" + method.getName();
                    }
                }
            }
        } catch (LinkageError | SecurityException e) {
            // a class whose methods cannot be listed explains nothing
        }
        return null;
    }

    /** Loaded classes that a pattern or an index names, or whose class file mentions {@code @Trace}. */
    private List<Class<?>> candidates() {
        List<Class<?>> list = new ArrayList<>();
        ClassLoader own = Instrumenter.class.getClassLoader();
        boolean jdkNamed = selection.namesJdk();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            if (!jdkNamed && Selection.isJdk(type.getName())) {
                continue; // most classes loaded are the JDK's: only a pattern can pick one of those
            }
            if (type.isArray() || type.isPrimitive() || type.isHidden() || loader == own
                    || !instrumentation.isModifiableClass(type) || selection.excluded(type.getName())) {
                continue;
            }
            index.load(loader);
            if (selection.patternsMayMatch(type.getName()) || indexNames(type)
                    || (Selection.annotationsApply(type.getName()) && loader != null && mentionsTrace(type, loader))) {
                list.add(type);
            }
        }
        return list;
    }

    private boolean indexNames(Class<?> type) {
        Map<String, Map<String, MethodOptions>> own = index.of(type.getProtectionDomain());
        return own != null && own.containsKey(type.getName());
    }

    private static boolean mentionsTrace(Class<?> type, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in != null && ClassScan.mentionsTrace(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void retransform(List<Class<?>> classes) {
        if (classes.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0])); // one VM operation for all
            return;
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            // one class spoils the batch: retry one by one, so that only that one stays as it was
        }
        for (Class<?> type : classes) {
            try {
                instrumentation.retransformClasses(type);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                System.err.println("faultline: warning: cannot retransform " + type.getName() + ": " + e);
            }
        }
    }
}
