// Package cliapp, outside dev.faultline.agent.*, which the agent never instruments.
package cliapp;

import dev.faultline.agent.it.AgentJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code java -jar faultline-agent.jar ARGS} the way users do, from the jar's own folder
 * with the relative path {@code faultline-agent.jar}, so that the jar path the CLI hands to
 * a target JVM (which runs elsewhere) must be absolute to work.
 */
public final class FaultlineCli {
    private static final Path AGENT_JAR = Path.of(
            System.getProperty("faultline.agent.jar", "target/faultline-agent.jar")).toAbsolutePath();
    private static final int TIMEOUT_SECONDS = 90;

    private FaultlineCli() {
    }

    /** Runs the CLI with the JVM that runs the tests. */
    public static AgentJvm.Result run(String... args) {
        return run(Path.of(System.getProperty("java.home")), args);
    }

    /** Runs the CLI with {@code bin/java} of {@code javaHome}. */
    public static AgentJvm.Result run(Path javaHome, String... args) {
        if (!Files.isRegularFile(AGENT_JAR)) {
            throw new AssertionError("no agent jar at " + AGENT_JAR + ": run mvn package (these tests run in verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.add("-jar");
        command.add(AGENT_JAR.getFileName().toString());
        command.addAll(List.of(args));
        return AgentJvm.execute(command, AGENT_JAR.getParent(), TIMEOUT_SECONDS);
    }
}
