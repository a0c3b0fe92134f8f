package dev.faultline.junit.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sample test class on the Jupiter engine ({@link SampleRun}) in a JVM of its own,
 * started through a command prefix (a shell that moves itself into a cgroup, a new mount
 * namespace) as a suite runs in a container, and reads back, per test method, whether it
 * passed, its failure's message and its report entries.
 *
 * <p>The forked JVM is this class's {@link #main}: it runs the sample and writes the
 * outcomes to a file as {@link Properties}, one run per test method.
 */
public final class ForkedSampleRun {
    private static final int TIMEOUT_SECONDS = 120;

    private final Properties outcomes;
    /** The forked JVM's command, exit code, stdout and stderr, for messages. */
    private final String transcript;

    private ForkedSampleRun(Properties outcomes, String transcript) {
        this.outcomes = outcomes;
        this.transcript = transcript;
    }

    /**
     * Runs {@code sample} in {@code prefix + [java, jvmArgs..., this class, ...]} with this
     * test run's class path; {@code parameters} are configuration parameters as key, value, ...
     */
    public static ForkedSampleRun of(List<String> prefix, List<String> jvmArgs, Class<?> sample, String... parameters) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ForkedSampleRun.class.getName());
        command.add(sample.getName());
        Path results = null;
        Path out = null;
        Path err = null;
        try {
            results = Files.createTempFile("faultline-sample", ".properties");
            out = Files.createTempFile("faultline-sample", ".out");
            err = Files.createTempFile("faultline-sample", ".err");
            command.add(results.toString());
            command.addAll(Arrays.asList(parameters));
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String transcript = String.join(" ", command) + "\n" + (exited ? "exit " + process.exitValue()
                    : "timed out after " + TIMEOUT_SECONDS + " s") + "\n--- stdout ---\n" + Files.readString(out)
                    + "\n--- stderr ---\n" + Files.readString(err);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError("the forked sample run failed: " + transcript);
            }
            Properties outcomes = new Properties();
            outcomes.load(new StringReader(Files.readString(results, StandardCharsets.UTF_8)));
            return new ForkedSampleRun(outcomes, transcript);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            for (Path file : new Path[] {results, out, err}) {
                try {
                    if (file != null) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** The run of test method {@code method}. */
    public Outcome test(String method) {
        if (outcomes.getProperty(method + ".status") == null) {
            throw new AssertionError("no run of " + method + " in:\n" + outcomes + "\n" + transcript);
        }
        return new Outcome(method);
    }

    @Override
    public String toString() {
        return outcomes + "\n" + transcript;
    }

    /** How one test ended in the forked JVM. */
    public final class Outcome {
        private final String method;

        Outcome(String method) {
            this.method = method;
        }

        public boolean passed() {
            return outcomes.getProperty(method + ".status").equals("SUCCESSFUL");
        }

        /** The failure's message; an AssertionError when the test passed. */
        public String message() {
            String message = outcomes.getProperty(method + ".message");
            if (message == null) {
                throw new AssertionError(method + " passed: " + ForkedSampleRun.this);
            }
            return message;
        }

        /** The failure's class name, or {@code null} when it passed. */
        public String failureClass() {
            return outcomes.getProperty(method + ".failure");
        }

        /** The values published under {@code key}, in order. */
        public List<String> entries(String key) {
            List<String> values = new ArrayList<>();
            for (int i = 0; outcomes.getProperty(method + ".entry." + key + "." + i) != null; i++) {
                values.add(outcomes.getProperty(method + ".entry." + key + "." + i));
            }
            return values;
        }

        @Override
        public String toString() {
            return method + " " + outcomes.getProperty(method + ".status") + ": " + ForkedSampleRun.this;
        }
    }

    /** Arguments: the sample class, the file to write, then configuration parameters as key, value, ... */
    public static void main(String[] args) throws Exception {
        Class<?> sample = Class.forName(args[0]);
        SampleRun run = SampleRun.of(sample, Arrays.copyOfRange(args, 2, args.length));
        Properties outcomes = new Properties();
        for (SampleRun.Outcome outcome : run.all()) {
            if (outcome.container) {
                continue;
            }
            String method = outcome.method;
            if (outcomes.setProperty(method + ".status", outcome.passed() ? "SUCCESSFUL" : "FAILED") != null) {
                throw new IllegalStateException("more than one run of " + method + ": " + run);
            }
            if (!outcome.passed()) {
                outcomes.setProperty(method + ".failure", outcome.failure().getClass().getName());
                outcomes.setProperty(method + ".message", String.valueOf(outcome.message()));
            }
            for (String key : new LinkedHashSet<>(outcome.entryKeys())) {
                List<String> values = outcome.entries(key);
                for (int i = 0; i < values.size(); i++) {
                    outcomes.setProperty(method + ".entry." + key + "." + i, values.get(i));
                }
            }
        }
        try (Writer out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            outcomes.store(out, "outcomes of " + sample.getName());
        }
    }
}
