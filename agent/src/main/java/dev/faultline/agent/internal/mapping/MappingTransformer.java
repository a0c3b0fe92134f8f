package dev.faultline.agent.internal.mapping;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class file transformer that puts the {@link JdkHook}s into the JDK's classes, at
 * load or on retransformation. It touches only classes of the bootstrap loader named by a
 * hook, and never loads a class itself: the inserted code needs no new stack map frames
 * (see {@link JdkHook}), so the class writer computes nothing.
 */
final class MappingTransformer implements ClassFileTransformer {
    private final Map<String, List<JdkHook>> byClass = new LinkedHashMap<>();
    private final Set<JdkHook> applied = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    /** The feature release to report missing hooks for as classes load; 0 until the start-up report is out. */
    private volatile int lateFeature;

    private final Runnable beginOwnWork;
    private final Runnable endOwnWork;

    /**
     * @param beginOwnWork marks the transformation as the agent's own work: the map look-up
     *                     runs {@code String} and {@code HashMap} methods that a pattern may name
     * @param endOwnWork   ends what {@code beginOwnWork} began
     */
    MappingTransformer(List<JdkHook> hooks, Runnable beginOwnWork, Runnable endOwnWork) {
        this.beginOwnWork = beginOwnWork;
        this.endOwnWork = endOwnWork;
        for (JdkHook hook : hooks) {
            List<JdkHook> ofClass = byClass.get(hook.className);
            if (ofClass == null) {
                ofClass = new ArrayList<>();
                byClass.put(hook.className, ofClass);
            }
            ofClass.add(hook);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader != null || className == null) {
            return null;
        }
        beginOwnWork.run();
        try {
            return transform(className, classfileBuffer);
        } finally {
            endOwnWork.run();
        }
    }

    private byte[] transform(String className, byte[] classfileBuffer) {
        List<JdkHook> hooks = byClass.get(className);
        if (hooks == null) {
            return null;
        }
        seen.add(className);
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            // handing the reader to the writer copies the constant pool and every untouched method as is
            ClassWriter writer = new ClassWriter(reader, 0);
            HookInserter inserter = new HookInserter(writer, hooks);
            reader.accept(inserter, 0);
            if (inserter.applied().isEmpty()) {
                return null;
            }
            applied.addAll(inserter.applied());
            return writer.toByteArray();
        } catch (Throwable t) {
            failures.put(className, String.valueOf(t));
            return null;
        } finally {
            reportLate(className);
        }
    }

    /**
     * From now on, a hooked class that loads and misses some of its hooks says so at once
     * (those seen so far are reported by the caller through {@link #notApplied(int)}).
     */
    void reportLaterOnes(int feature) {
        lateFeature = feature;
    }

    private void reportLate(String className) {
        int feature = lateFeature;
        if (feature == 0) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (JdkHook hook : byClass.get(className)) {
            if (hook.sinceFeature <= feature && !applied.contains(hook)) {
                missing.add(why(hook));
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("faultline: warning: on this JVM (Java " + feature + ") some mappings are not tracked: "
                    + String.join("; ", missing));
        }
    }

    /** The JDK classes (binary names) that hooks go into. */
    List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (String internal : byClass.keySet()) {
            names.add(internal.replace('/', '.'));
        }
        return names;
    }

    /** Whether this transformer has had the class with this internal name through its hands. */
    boolean seen(String internalName) {
        return seen.contains(internalName);
    }

    /** The hooks that went in at least once. */
    Set<JdkHook> applied() {
        return Collections.unmodifiableSet(applied);
    }

    private String why(JdkHook hook) {
        String failure = failures.get(hook.className);
        return hook + ": " + (failure != null ? failure
                : "no method " + hook.methodName + " with the expected descriptor and fields in " + hook.className);
    }

    /**
     * The hooks that a JDK of this feature release should have taken but did not, each
     * with why: the class could not be read, has no such method, or does not exist in
     * this JDK ({@link #notAppliedToSeen} and {@link #missingClasses} together).
     */
    List<String> notApplied(int feature) {
        List<String> missing = notAppliedToSeen(feature);
        missing.addAll(missingClasses(feature));
        return missing;
    }

    /**
     * The hooks of the classes this transformer has seen that did not go in, each with why.
     * A class that is not loaded yet is not reported here: it gets its hooks when it loads,
     * and says then if some did not go in (after {@link #reportLaterOnes}).
     */
    List<String> notAppliedToSeen(int feature) {
        List<String> missing = new ArrayList<>();
        for (List<JdkHook> hooks : byClass.values()) {
            for (JdkHook hook : hooks) {
                if (hook.sinceFeature <= feature && !applied.contains(hook) && seen.contains(hook.className)) {
                    missing.add(why(hook));
                }
            }
        }
        return missing;
    }

    /**
     * The hooks whose class this JDK of this feature release does not have (a look-up in
     * the JDK's modules: kept off the start-up path).
     */
    List<String> missingClasses(int feature) {
        List<String> missing = new ArrayList<>();
        for (List<JdkHook> hooks : byClass.values()) {
            for (JdkHook hook : hooks) {
                if (hook.sinceFeature <= feature && !applied.contains(hook) && !seen.contains(hook.className)
                        && ClassLoader.getSystemResource(hook.className + ".class") == null) {
                    missing.add(hook + ": class " + hook.className + " not found");
                }
            }
        }
        return missing;
    }
}
