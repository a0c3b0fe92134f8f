package dev.faultline.nativebridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a fresh JVM with this test run's class path, as users run programs. */
public final class ForkedJvm {

    /** What the forked JVM did. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public List<String> lines() {
            return Arrays.asList(stdout.split("\\R"));
        }

        /** The number after {@code prefix} on the first line of stdout that starts with it. */
        public long number(String prefix) {
            for (String line : lines()) {
                if (line.startsWith(prefix)) {
                    return Long.parseLong(line.substring(prefix.length()));
                }
            }
            throw new AssertionError("no line " + prefix + " in:\n" + this);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private ForkedJvm() {
    }

    public static Result run(Class<?> main, List<String> jvmArgs, String... args) {
        return run(main, jvmArgs, 120, args);
    }

    public static Result run(Class<?> main, List<String> jvmArgs, int timeoutSeconds, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("faultline-fork", ".out");
            Path err = Files.createTempFile("faultline-fork", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("forked JVM timed out after " + timeoutSeconds + " s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
