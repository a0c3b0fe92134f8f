package dev.faultline.nativebridge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a fresh JVM that the test talks to while it runs: wait for a line it
 * prints, send it a line, read its {@code name=value} lines. Killed on {@link #close()}.
 */
public final class TalkingJvm implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private TalkingJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
        drain(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    public static TalkingJvm start(Class<?> main, String... args) {
        return start(List.of(), main, args);
    }

    /** As {@link #start(Class, String...)}, with options for the JVM ({@code -Xmx32m}). */
    public static TalkingJvm start(List<String> jvmArgs, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            return new TalkingJvm(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    private void drain(BufferedReader reader, boolean out) {
        Thread thread = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (this) {
                        if (out) {
                            lines.add(line);
                        } else {
                            stderr.append(line).append('\n');
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "talking-jvm-" + (out ? "stdout" : "stderr"));
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the JVM has printed {@code line}; fails after {@code seconds} or when it exits first. */
    public synchronized void awaitLine(String line, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!lines.contains(line)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no line '" + line + "' within " + seconds + " s:\n" + this);
            }
            if (!process.isAlive()) {
                wait(200); // the last lines may still be on their way through the pipe
                if (!lines.contains(line)) {
                    throw new AssertionError("exited before printing '" + line + "':\n" + this);
                }
                return;
            }
            wait(Math.min(100, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }

    /** Waits for the JVM to exit by itself. */
    public int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("did not exit within " + seconds + " s:\n" + this);
        }
        Thread.sleep(100); // let the readers take the last lines
        return process.exitValue();
    }

    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** The value of the first {@code name=value} line printed so far. */
    public synchronized String value(String name) {
        for (String line : lines) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no line " + name + "=... in:\n" + this);
    }

    public long number(String name) {
        return Long.parseLong(value(name));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized String toString() {
        return "--- stdout ---\n" + String.join("\n", lines) + "\n--- stderr ---\n" + stderr;
    }
}
