// Package cliapp, outside dev.faultline.agent.*, which the agent never instruments.
package cliapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    public static Result run(String... args) {
        return run(Path.of(System.getProperty("java.home")), args);
    }

    /** Runs the CLI with {@code bin/java} of {@code javaHome}. */
    public static Result run(Path javaHome, String... args) {
        if (!Files.isRegularFile(AGENT_JAR)) {
            throw new AssertionError("no agent jar at " + AGENT_JAR + ": run mvn package (these tests run in verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.add("-jar");
        command.add(AGENT_JAR.getFileName().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("faultline-cli", ".out");
            Path err = Files.createTempFile("faultline-cli", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(AGENT_JAR.getParent().toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
                }
                return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the CLI did. */
    public static final class Result {
        public final List<String> command;
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(List<String> command, int exitCode, String stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }
}
