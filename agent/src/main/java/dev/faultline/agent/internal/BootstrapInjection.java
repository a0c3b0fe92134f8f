package dev.faultline.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the probe classes into the bootstrap class loader, so that instrumented code in
 * every class loader can call them.
 *
 * <p>The classes are defined straight in the bootstrap loader (the JDK's internal
 * {@code Unsafe.defineClass}, exported to the agent's module through the instrumentation):
 * appending a jar to the bootstrap search path instead makes HotSpot turn class data
 * sharing off for application classes and print a warning. Where direct definition is
 * not possible, the jar is appended.
 */
final class BootstrapInjection {
    private static final String PROBE = "dev.faultline.agent.bootstrap.Probe";

    private BootstrapInjection() {
    }

    static void ensure(Instrumentation instrumentation, String bootstrapJar) throws IOException {
        if (onBootstrap()) {
            return;
        }
        Map<String, byte[]> classes = read(bootstrapJar);
        try {
            define(instrumentation, classes);
            if (onBootstrap()) {
                return;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // fall back to the bootstrap search path
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar));
    }

    /** Defines the classes in the bootstrap loader, each after those it needs (a few passes at most). */
    private static void define(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        Module own = BootstrapInjection.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(own)), Map.of(), Set.of(),
                Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        java.lang.reflect.Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class,
                int.class, int.class, ClassLoader.class, java.security.ProtectionDomain.class);
        Map<String, byte[]> left = new LinkedHashMap<>(classes);
        while (!left.isEmpty()) {
            int before = left.size();
            java.lang.reflect.InvocationTargetException last = null;
            for (java.util.Iterator<Map.Entry<String, byte[]>> it = left.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, byte[]> entry = it.next();
                try {
                    defineClass.invoke(unsafe, entry.getKey(), entry.getValue(), 0, entry.getValue().length, null,
                            null);
                    it.remove();
                } catch (java.lang.reflect.InvocationTargetException e) {
                    last = e; // e.g. a class it names is not defined yet: the next pass
                }
            }
            if (left.size() == before) {
                throw last;
            }
        }
    }

    private static boolean onBootstrap() {
        try {
            Class.forName(PROBE, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, byte[]> read(String jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }
}
