package dev.faultline.junit.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A cgroup of its own in the v1 memory hierarchy at {@code /sys/fs/cgroup/memory}, made for
 * one test and removed after it, that a forked JVM is started in. Where none can be made (not
 * root, no v1 memory hierarchy there) the test is skipped by an assumption that says why.
 */
public final class ScratchMemoryCgroup implements AutoCloseable {
    /** The v1 memory hierarchy's root, where leftover processes are moved back to. */
    public static final Path MOUNT = Path.of("/sys/fs/cgroup/memory");

    public final Path directory;
    /** Its name under the hierarchy's root: {@code faultline-junit-3f2a...}. */
    public final String name;

    private ScratchMemoryCgroup(Path directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    /** A new cgroup at the top of the hierarchy with {@code limit} bytes as its {@code memory.limit_in_bytes}. */
    public static ScratchMemoryCgroup withLimit(long limit) throws IOException {
        assumeTrue(Files.isRegularFile(MOUNT.resolve("memory.limit_in_bytes")), "no cgroup v1 memory hierarchy at "
                + MOUNT + ": cannot make a memory cgroup to run the test in");
        assumeTrue(Files.isWritable(MOUNT.resolve("cgroup.procs")), "cannot write " + MOUNT.resolve("cgroup.procs")
                + " (not root?): cannot make a memory cgroup to run the test in");
        String name = "faultline-junit-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        Path directory = MOUNT.resolve(name);
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            assumeTrue(false, "cannot make a memory cgroup at " + directory + ": " + e);
        }
        ScratchMemoryCgroup cgroup = new ScratchMemoryCgroup(directory, name);
        try {
            cgroup.write("memory.limit_in_bytes", Long.toString(limit));
        } catch (IOException | RuntimeException e) {
            cgroup.close();
            throw e;
        }
        return cgroup;
    }

    /** A command prefix that moves the shell into this cgroup, then becomes the command that follows it. */
    public List<String> enter() {
        return List.of("sh", "-c", "echo $$ > " + directory.resolve("cgroup.procs") + " && exec \"$@\"", "sh");
    }

    /** The number in one of its one-number files. */
    public long number(String file) throws IOException {
        return Long.parseLong(Files.readString(directory.resolve(file)).trim());
    }

    public void write(String file, String value) throws IOException {
        Files.writeString(directory.resolve(file), value + "\n");
    }

    /** Moves any process still in it back to the root, then removes it (rmdir), retrying while the kernel is busy. */
    @Override
    public void close() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        for (String pid : Files.readString(directory.resolve("cgroup.procs")).split("\n")) {
            if (!pid.isBlank()) {
                try {
                    Files.writeString(MOUNT.resolve("cgroup.procs"), pid.trim() + "\n");
                } catch (IOException e) {
                    // it has exited in between
                }
            }
        }
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Files.delete(directory); // a cgroup's files go with it
                return;
            } catch (IOException e) { // EBUSY while an exiting task is still charged to it
                last = e;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IOException("cannot remove the test cgroup " + directory, last);
    }

    @Override
    public String toString() {
        return "memory cgroup /" + name + " at " + directory;
    }
}
