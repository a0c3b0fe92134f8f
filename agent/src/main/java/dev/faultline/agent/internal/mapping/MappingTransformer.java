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

    MappingTransformer(List<JdkHook> hooks) {
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

    /**
     * The hooks that a JDK of this feature release should have taken but did not, each
     * with why (the class could not be read, or has no such method), after its classes
     * have been through this transformer.
     */
    List<String> notApplied(int feature) {
        List<String> missing = new ArrayList<>();
        for (List<JdkHook> hooks : byClass.values()) {
            for (JdkHook hook : hooks) {
                if (hook.sinceFeature <= feature && !applied.contains(hook)) {
                    String failure = failures.get(hook.className);
                    missing.add(hook + ": " + (failure != null ? failure
                            : seen.contains(hook.className) ? "no method " + hook.methodName + " with the expected"
                            + " descriptor and fields in " + hook.className
                            : "class " + hook.className + " not found"));
                }
            }
        }
        return missing;
    }
}
