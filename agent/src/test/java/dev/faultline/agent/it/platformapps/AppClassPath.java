package dev.faultline.agent.it.platformapps;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class paths as an application would have them: the test classes (where the test apps
 * live) and only the libraries that app brings, for isolation tests that must not see the
 * test class path (our ByteBuddy 1.18, JUnit).
 */
public final class AppClassPath {
    private final List<String> entries = new ArrayList<>();

    private AppClassPath() {
    }

    /** The compiled test classes, with nothing else. */
    public static AppClassPath testClasses() {
        AppClassPath path = new AppClassPath();
        try {
            path.entries.add(Path.of(AppClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return path;
    }

    /**
     * Adds the jars of {@code target/it-lib/FOLDER} (the {@code faultline.it.lib} system
     * property), which the build copies there for the applications; fails when there are none.
     */
    public AppClassPath itLib(String folder) {
        Path dir = Path.of(System.getProperty("faultline.it.lib", "target/it-lib")).resolve(folder);
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> jars.add(f.toString()));
        } catch (java.io.IOException e) {
            throw new AssertionError("no application libraries in " + dir.toAbsolutePath()
                    + " (mvn pre-integration-test copies them): " + e);
        }
        if (jars.isEmpty()) {
            throw new AssertionError("no jars in " + dir.toAbsolutePath());
        }
        entries.addAll(jars);
        return this;
    }

    /**
     * Adds the entries of this JVM's class path whose file name starts with one of
     * {@code prefixes} (e.g. {@code "faultline-native"}, {@code "jnr-"}); fails for a prefix
     * that matches none.
     */
    public AppClassPath fromTestClassPath(String... prefixes) {
        String[] own = System.getProperty("java.class.path").split(File.pathSeparator);
        for (String prefix : prefixes) {
            boolean found = false;
            for (String entry : own) {
                if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                    entries.add(entry);
                    found = true;
                }
            }
            if (!found) {
                throw new AssertionError("no entry starting with '" + prefix + "' on the test class path: "
                        + String.join(File.pathSeparator, own));
            }
        }
        return this;
    }

    /** The native bridge and what it needs at run time (JNR-FFI, jffi, ASM). */
    public AppClassPath nativeBridge() {
        return fromTestClassPath("faultline-native", "jnr-", "jffi-", "asm-");
    }

    @Override
    public String toString() {
        return String.join(File.pathSeparator, entries);
    }
}
