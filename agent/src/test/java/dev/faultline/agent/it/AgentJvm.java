package dev.faultline.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with {@code -javaagent:target/faultline-agent.jar=OPTIONS},
 * the way users run the agent. Builder style: {@code AgentJvm.main(App.class).options("trace=...").run()}.
 */
public final class AgentJvm {
    /** The agent jar that {@code mvn package} built. */
    public static final Path AGENT_JAR = Path.of(System.getProperty("faultline.agent.jar", "target/faultline-agent.jar"));
    /** The Temurin 25 JDK installed beside the default one, for checking newer JVMs. */
    public static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final String mainClass;
    private String options;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private String classPath = System.getProperty("java.class.path");
    private int timeoutSeconds = 120;

    private AgentJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    public static AgentJvm main(Class<?> main) {
        return new AgentJvm(main.getName());
    }

    public static AgentJvm main(String mainClass) {
        return new AgentJvm(mainClass);
    }

    /** A new builder with what this one has so far (to run the same JVM with other options). */
    public AgentJvm copy() {
        AgentJvm copy = new AgentJvm(mainClass);
        copy.options = options;
        copy.javaHome = javaHome;
        copy.jvmArgs.addAll(jvmArgs);
        copy.args.addAll(args);
        copy.classPath = classPath;
        copy.timeoutSeconds = timeoutSeconds;
        return copy;
    }

    /** The agent options; {@code null} runs without the agent (a baseline). */
    public AgentJvm options(String agentOptions) {
        this.options = agentOptions;
        return this;
    }

    public AgentJvm jvmArgs(String... more) {
        jvmArgs.addAll(Arrays.asList(more));
        return this;
    }

    public AgentJvm args(String... more) {
        args.addAll(Arrays.asList(more));
        return this;
    }

    public AgentJvm javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    public AgentJvm classPath(String path) {
        this.classPath = path;
        return this;
    }

    public AgentJvm timeoutSeconds(int seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Starts the JVM and waits for it. */
    public Result run() {
        return execute(command(), null, timeoutSeconds);
    }

    /**
     * The command line that {@link #run()} runs, for a test that starts and talks to the JVM
     * itself, after {@code prefix} (a command that runs it, such as {@code taskset -c 0}).
     */
    public List<String> command(String... prefix) {
        if (!Files.isRegularFile(AGENT_JAR)) {
            throw new AssertionError("no agent jar at " + AGENT_JAR + ": run mvn package (these tests run in verify)");
        }
        List<String> command = new ArrayList<>(Arrays.asList(prefix));
        command.add(javaHome.resolve("bin/java").toString());
        if (options != null) {
            command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (options.isEmpty() ? "" : "=" + options));
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Runs {@code command} in {@code directory} (null: this one), stdin closed, and waits for it. */
    public static Result execute(List<String> command, Path directory, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("faultline-it", ".out");
            Path err = Files.createTempFile("faultline-it", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
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

    /** What the JVM did. */
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

        /** The dumps in {@code text}, each from its start line to its end line. */
        public static List<List<String>> dumps(String text) {
            List<List<String>> dumps = new ArrayList<>();
            List<String> current = null;
            for (String line : text.split("\\R")) {
                if (line.equals("-------------------- Start trace --------------------")) {
                    current = new ArrayList<>();
                }
                if (current != null) {
                    current.add(line);
                }
                if (line.equals("--------------------- End trace ---------------------") && current != null) {
                    dumps.add(current);
                    current = null;
                }
            }
            return dumps;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }
}
