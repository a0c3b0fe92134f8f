// Package cliapp, outside dev.faultline.agent.*, which the agent never instruments.
package cliapp;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link Target} JVM running without the agent, for the CLI to attach to, with its stderr
 * collected line by line. Started with {@link #start}, which returns once it is ready;
 * {@link #close} destroys it (use try-with-resources).
 */
public final class RunningTarget implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> stderr = new ArrayList<>();
    private final Path workDir;
    private volatile boolean readerRunning = true;

    private RunningTarget(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
        Thread reader = new Thread(this::readStderr, "target-stderr-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@link Target} with {@code bin/java} of {@code javaHome}, in a working directory of its own. */
    public static RunningTarget start(Path javaHome, String... jvmArgs) throws IOException {
        return start(List.of(), javaHome, jvmArgs);
    }

    /**
     * Starts {@link Target} with the JVM that runs the tests in the cgroup whose {@code cgroup.procs} is
     * {@code procs}: a shell writes its pid there and then becomes the JVM, so that all of the JVM's
     * memory is charged to that cgroup.
     */
    public static RunningTarget startIn(Path procs) throws IOException {
        return start(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", procs.toString()),
                Path.of(System.getProperty("java.home")));
    }

    private static RunningTarget start(List<String> prefix, Path javaHome, String... jvmArgs) throws IOException {
        Path workDir = Files.createTempDirectory("faultline-cli-target");
        List<String> command = new ArrayList<>(prefix);
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(testClasses());
        command.add(Target.class.getName());
        command.add("180");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RunningTarget target = new RunningTarget(process, workDir);
        try {
            target.await(line -> line.equals("target ready"), READY, "the target to start");
        } catch (RuntimeException | Error e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** Starts {@link Target} with the JVM that runs the tests. */
    public static RunningTarget start() throws IOException {
        return start(Path.of(System.getProperty("java.home")));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The stderr lines so far. */
    public List<String> lines() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    /**
     * Waits until a line from index {@code from} on matches; returns its index.
     *
     * @throws AssertionError with the stderr so far when none does in time, or the target ends
     */
    public int await(int from, Predicate<String> line, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (stderr) {
                for (int i = from; i < stderr.size(); i++) {
                    if (line.test(stderr.get(i))) {
                        return i;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !readerRunning) {
                    throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what
                            + (process.isAlive() ? "" : " (the target exited)") + "; its stderr:\n" + tail());
                }
                try {
                    stderr.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public int await(Predicate<String> line, Duration timeout, String what) {
        return await(0, line, timeout, what);
    }

    /** Waits for {@code calls} more {@code work N} lines after index {@code from}; returns the index of the last. */
    public int awaitWork(int from, int calls, Duration timeout) {
        int at = from;
        for (int i = 0; i < calls; i++) {
            at = await(at + 1, l -> l.startsWith("work "), timeout, calls + " more calls of work after line " + from);
        }
        return at;
    }

    /** How many lines before {@code end} match. */
    public long count(Predicate<String> line, int end) {
        List<String> lines = lines();
        return lines.subList(0, Math.min(end, lines.size())).stream().filter(line).count();
    }

    /** The last 80 stderr lines, for failure messages. */
    public String tail() {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderr) {
                    stderr.add(line);
                    stderr.notifyAll();
                }
            }
        } catch (IOException e) {
            // destroyed
        } finally {
            readerRunning = false;
            synchronized (stderr) {
                stderr.notifyAll();
            }
        }
    }

    private static String testClasses() {
        try {
            return Path.of(Target.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            File[] files = workDir.toFile().listFiles();
            if (files != null) {
                for (File file : files) {
                    file.delete();
                }
            }
            workDir.toFile().delete();
        }
    }
}
