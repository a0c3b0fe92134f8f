package dev.faultline.agent.internal.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether faultline was ever loaded into a process, read from its open files without
 * attaching: the agent's class loader keeps its extracted nested jar
 * {@code faultline-agent-core.jar} open for the life of the JVM. A detached agent stays
 * loaded, so {@link #LOADED} does not mean that it traces now.
 */
enum AgentPresence {
    /** The agent jar is open in the process. */
    LOADED("loaded"),
    /** Its open files are readable, and the agent's is not among them. */
    ABSENT("-"),
    /** Its open files cannot be read (no {@code /proc}, another user, the process ended). */
    UNKNOWN("?");

    private static final String CORE_JAR = "/faultline-agent-core.jar";

    /** How {@code list} shows it. */
    final String label;

    AgentPresence(String label) {
        this.label = label;
    }

    static AgentPresence of(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    // contains, not endsWith: a deleted file reads as "PATH (deleted)"
                    if (Files.readSymbolicLink(fd).toString().contains(CORE_JAR)) {
                        return LOADED;
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            }
            return ABSENT;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
