package dev.faultline.agent.internal;

import net.bytebuddy.dynamic.loading.ClassInjector;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the probe classes into the bootstrap class loader, so that instrumented code in
 * every class loader can call them.
 *
 * <p>The classes are defined straight in the bootstrap loader (ByteBuddy's Unsafe
 * injector, opened through the instrumentation): appending a jar to the bootstrap search
 * path instead makes HotSpot turn class data sharing off for application classes and
 * print a warning. Where direct definition is not possible, the jar is appended.
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
            ClassInjector.UsingUnsafe.Factory factory = ClassInjector.UsingUnsafe.Factory.resolve(instrumentation);
            if (factory.isAvailable()) {
                factory.make(null).injectRaw(classes);
                if (onBootstrap()) {
                    return;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // fall back to the bootstrap search path
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar));
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
