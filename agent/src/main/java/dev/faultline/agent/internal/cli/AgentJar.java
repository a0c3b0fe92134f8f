package dev.faultline.agent.internal.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the {@code faultline-agent.jar} this command runs from: the jar that {@code attach}
 * loads into the target JVM. The command itself runs from a nested jar in a loader of its
 * own, so its own code source is no answer; the outer jar holds the entry class
 * {@code FaultlineAgent}, which the system class loader loaded. The {@code java.class.path}
 * is the fallback. Either way the jar must name {@code FaultlineAgent} as its
 * {@code Agent-Class}, and the path is made absolute: the target JVM has a working
 * directory of its own.
 */
final class AgentJar {
    private static final String ENTRY = "dev.faultline.agent.FaultlineAgent";

    private AgentJar() {
    }

    /** The absolute path of the agent jar. */
    static Path locate() throws CliFailure {
        Path fromEntry = fromEntryClass();
        if (fromEntry != null && isAgentJar(fromEntry)) {
            return fromEntry;
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path path = Path.of(entry).toAbsolutePath().normalize();
                if (isAgentJar(path)) {
                    return path;
                }
            }
        }
        throw CliFailure.failed("cannot find faultline-agent.jar (the class path is '"
                + System.getProperty("java.class.path") + "'): run this as java -jar faultline-agent.jar");
    }

    private static Path fromEntryClass() {
        try {
            Class<?> entry = Class.forName(ENTRY, false, ClassLoader.getSystemClassLoader());
            CodeSource source = entry.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (ClassNotFoundException | java.net.URISyntaxException | RuntimeException e) {
            return null; // not started through the jar's Main-Class: try the class path
        }
    }

    private static boolean isAgentJar(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest != null && ENTRY.equals(manifest.getMainAttributes().getValue("Agent-Class"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
