package dev.faultline.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The class that {@code -javaagent}, attach and {@code java -jar} enter. It does almost
 * nothing: it puts the probe on the bootstrap class path, loads the agent proper and its
 * dependencies (ByteBuddy, JNR-FFI) in a class loader of their own, so that the
 * application never sees them, and hands off. It keeps only that loader, and never throws.
 */
public final class FaultlineAgent {
    private static final String NESTED = "META-INF/faultline/";
    private static final String CORE = "dev.faultline.agent.internal.AgentStart";
    private static final String CLI = "dev.faultline.agent.internal.cli.Cli";

    /** The agent proper's loader, made once per JVM (a later attach or detach reuses it). */
    private static ClassLoader loader;
    /** The extracted probe jar, for the agent proper to put on the bootstrap loader. */
    private static Path bootstrapJar;

    private FaultlineAgent() {
    }

    /** {@code -javaagent:faultline-agent.jar=OPTIONS}. */
    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, false);
    }

    /** Loaded into a running JVM by {@code attach}. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, true);
    }

    /** The command line: {@code java -jar faultline-agent.jar COMMAND}. */
    public static void main(String[] args) throws Exception {
        ClassLoader loader = coreLoader(true);
        Method main = loader.loadClass(CLI).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static void start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            ClassLoader loader = coreLoader(false);
            Method install = loader.loadClass(CORE)
                    .getMethod("start", String.class, Instrumentation.class, boolean.class, String.class);
            install.invoke(null, options, instrumentation, attached, bootstrapJar.toString());
        } catch (Throwable t) {
            Throwable cause = t.getCause() != null && t instanceof java.lang.reflect.InvocationTargetException
                    ? t.getCause() : t;
            System.err.println("faultline: error: the agent could not start, the application runs without it: "
                    + cause);
        }
    }

    /**
     * Extracts the nested jars once per JVM into a private temporary folder and returns a
     * loader for the agent proper, whose parent is the platform loader. The probe's jar is
     * in that loader only for the command line; an agent puts the probe on the bootstrap
     * loader (see {@code BootstrapInjection}).
     */
    private static synchronized ClassLoader coreLoader(boolean withProbe) throws IOException {
        if (loader != null) {
            return loader;
        }
        Path jar = ownJar();
        Path dir = Files.createTempDirectory("faultline-agent");
        dir.toFile().deleteOnExit();
        List<URL> urls = new ArrayList<>();
        Path bootstrap = null;
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(NESTED) || !name.endsWith(".jar")) {
                    continue;
                }
                Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
                if (target.getFileName().toString().equals("faultline-bootstrap.jar")) {
                    bootstrap = target;
                } else {
                    urls.add(target.toUri().toURL());
                }
            }
        }
        if (bootstrap == null) {
            throw new IOException(jar + " holds no " + NESTED + "faultline-bootstrap.jar: not a faultline agent jar");
        }
        if (withProbe) {
            urls.add(bootstrap.toUri().toURL());
        }
        bootstrapJar = bootstrap;
        loader = new URLClassLoader("faultline", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        return loader;
    }

    /**
     * The agent jar: the one holding the nested jars (another copy of this class on the
     * application's class path, e.g. a build's classes folder, must not be taken for it).
     */
    private static Path ownJar() {
        try {
            ClassLoader loader = FaultlineAgent.class.getClassLoader();
            URL nested = loader == null ? null : loader.getResource(NESTED + "faultline-bootstrap.jar");
            if (nested != null && nested.getProtocol().equals("jar")) {
                String file = nested.getPath(); // file:/path/faultline-agent.jar!/META-INF/...
                return new File(new URL(file.substring(0, file.indexOf("!/"))).toURI()).toPath();
            }
            return new File(FaultlineAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the faultline agent jar", e);
        }
    }
}
