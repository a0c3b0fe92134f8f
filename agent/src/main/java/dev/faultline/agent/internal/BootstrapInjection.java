package dev.faultline.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
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
        Definer definer = new Definer();
        Map<String, byte[]> left = new LinkedHashMap<>(classes);
        while (!left.isEmpty()) {
            int before = left.size();
            LinkageError last = null;
            for (java.util.Iterator<Map.Entry<String, byte[]>> it = left.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, byte[]> entry = it.next();
                try {
                    definer.define(entry.getKey(), entry.getValue());
                    it.remove();
                } catch (LinkageError e) {
                    last = e; // e.g. a class it names is not defined yet: the next pass
                }
            }
            if (left.size() == before) {
                throw last;
            }
        }
    }

    /**
     * {@code Unsafe.defineClass} with no loader and no protection domain, called the
     * cheapest way this JDK allows. Up to Java 17 a reflective call of it goes through the
     * native accessor; since Java 18 a reflective call spins method handles for the
     * signature (about 40 ms cold on Java 25 for these six parameters), so a method handle
     * bound to the {@code Unsafe} instance is called exactly instead (about 7 ms).
     */
    private static final class Definer {
        private static final Class<?>[] PARAMETERS = {String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class};

        private final Object unsafe;
        private final java.lang.reflect.Method method;
        private final MethodHandle handle;

        Definer() throws ReflectiveOperationException {
            Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
            if (Runtime.version().feature() < 18) {
                unsafe = type.getMethod("getUnsafe").invoke(null);
                method = type.getMethod("defineClass", PARAMETERS);
                handle = null;
                return;
            }
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // jdk.internal.misc is exported to this module
            Object instance;
            try {
                instance = lookup.findStatic(type, "getUnsafe", MethodType.methodType(type)).invoke();
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new java.lang.reflect.InvocationTargetException(t);
            }
            unsafe = instance;
            method = null;
            handle = lookup.findVirtual(type, "defineClass", MethodType.methodType(Class.class, PARAMETERS))
                    .bindTo(instance);
        }

        void define(String name, byte[] bytes) throws ReflectiveOperationException {
            try {
                if (handle != null) {
                    // the call's type is the handle's own, exactly: nothing to adapt, nothing spun
                    Class<?> defined = (Class<?>) handle.invokeExact(name, bytes, 0, bytes.length, (ClassLoader) null,
                            (ProtectionDomain) null);
                } else {
                    method.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                }
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof LinkageError) {
                    throw (LinkageError) e.getCause(); // e.g. a class it names is not defined yet
                }
                throw e;
            } catch (ReflectiveOperationException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new java.lang.reflect.InvocationTargetException(t);
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
