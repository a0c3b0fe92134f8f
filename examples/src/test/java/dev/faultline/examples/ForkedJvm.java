package dev.faultline.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an example's main class in a new JVM, with or without {@code -javaagent}, as its
 * "How to run" says, and keeps what it printed. Builder style:
 * {@code ForkedJvm.of(Example01ShowBacktrace.class).agent("sink=stderr").run()}.
 */
final class ForkedJvm {
    /** The agent jar the agent module built; the build passes its path. */
    static final Path AGENT_JAR = Path.of(System.getProperty("faultline.agent.jar",
            "../agent/target/faultline-agent.jar"));
    /** The examples module's build folder, where example 07's suite leaves its report. */
    static final Path TARGET = Path.of(System.getProperty("faultline.examples.target", "target"));

    private final String mainClass;
    private final List<String> jvmArgs = new ArrayList<>(List.of("-XX:+PreserveFramePointer"));
    private final List<String> args = new ArrayList<>();
    private String agentOptions;

    private ForkedJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    static ForkedJvm of(Class<?> main) {
        return new ForkedJvm(main.getName());
    }

    /** Loads the agent with these options ({@code ""}: none). */
    ForkedJvm agent(String options) {
        this.agentOptions = options;
        return this;
    }

    /** Runs without {@code -XX:+PreserveFramePointer}, which every run has otherwise. */
    ForkedJvm withoutFramePointers() {
        jvmArgs.remove("-XX:+PreserveFramePointer");
        return this;
    }

    ForkedJvm args(String... more) {
        args.addAll(Arrays.asList(more));
        return this;
    }

    /** Starts the JVM, waits for it (stdin closed, two minutes at most) and asserts that it exited with 0. */
    Ran run() {
        Ran ran = runAllowingFailure();
        assertTrue(ran.exitCode() == 0, "exit code " + ran.exitCode() + "\n" + ran);
        return ran;
    }

    /** Starts the JVM and waits for it, whatever its exit code. */
    Ran runAllowingFailure() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentOptions != null) {
            assertTrue(Files.isRegularFile(AGENT_JAR), "no agent jar at " + AGENT_JAR.toAbsolutePath()
                    + ": the agent module builds it before these tests run");
            command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // both pipes drained at once, so that neither fills up and stalls the JVM
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("did not finish in 120 s: " + command);
            }
            return new Ran(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A whole dump: from a start line to the next end line. */
    private static final Pattern DUMP = Pattern.compile(
            "^-------------------- Start trace --------------------$.*?^--------------------- End trace ---------------------$",
            Pattern.MULTILINE | Pattern.DOTALL);

    /** What a forked JVM did. */
    record Ran(List<String> command, int exitCode, String stdout, String stderr) {
        /** The dumps in {@code text}, each as its lines from the start line to the end line. */
        static List<List<String>> dumps(String text) {
            return DUMP.matcher(text).results().map(m -> m.group().lines().toList()).toList();
        }

        /** The dumps this JVM printed on stderr. */
        List<List<String>> stderrDumps() {
            return dumps(stderr);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }
}
