package dev.faultline.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A cgroup v1 memory cgroup made for one test, with a memory limit, and removed after it
 * (any process still in it killed first). Where none can be made (not root, no v1 memory
 * hierarchy at {@value #MOUNT}) the test is skipped with an assumption that says why.
 */
final class ScratchMemoryCgroup implements AutoCloseable {
    static final String MOUNT = "/sys/fs/cgroup/memory";

    /** The path {@code /proc/PID/cgroup} gives it, e.g. {@code /faultline-watch-1a2b}. */
    final String path;
    final Path directory;

    private ScratchMemoryCgroup(String path, Path directory) {
        this.path = path;
        this.directory = directory;
    }

    /** A new cgroup {@code PREFIX-RANDOM} at the top of the v1 memory hierarchy, limited to {@code limitBytes}. */
    static ScratchMemoryCgroup create(String prefix, long limitBytes) throws IOException {
        Path mount = Path.of(MOUNT);
        assumeTrue(Files.isWritable(mount.resolve("cgroup.procs")), "no writable cgroup v1 memory hierarchy at " + mount
                + " (not root, or no memory controller there): the test cannot make its cgroup");
        String name = prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        Path directory = mount.resolve(name);
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            assumeTrue(false, "cannot make the memory cgroup " + directory + ": " + e);
        }
        ScratchMemoryCgroup cgroup = new ScratchMemoryCgroup("/" + name, directory);
        cgroup.write("memory.limit_in_bytes", Long.toString(limitBytes));
        return cgroup;
    }

    /**
     * The words that run a command inside the cgroup: the shell moves itself in, then becomes
     * the command ({@code sh -c 'echo $$ > cgroup.procs && exec "$@"' sh COMMAND...}).
     */
    String[] join() {
        return new String[] {"sh", "-c", "echo $$ > " + directory.resolve("cgroup.procs") + " && exec \"$@\"", "sh"};
    }

    /** {@code memory.usage_in_bytes} now. */
    long usage() throws IOException {
        return number("memory.usage_in_bytes");
    }

    long number(String file) throws IOException {
        return Long.parseLong(read(file).trim());
    }

    String read(String file) throws IOException {
        return Files.readString(directory.resolve(file));
    }

    void write(String file, String value) throws IOException {
        Files.writeString(directory.resolve(file), value);
    }

    /** Waits up to 5 s for the cgroup's processes to leave (an exit is seen a moment later), kills the rest, removes it. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (int i = 0; i < 100 && !read("cgroup.procs").isBlank(); i++) {
            Thread.sleep(50);
        }
        List<Long> left = new ArrayList<>();
        for (String pid : read("cgroup.procs").split("\n")) {
            if (!pid.isBlank()) {
                left.add(Long.parseLong(pid.trim()));
            }
        }
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (int i = 0; i < 100 && !read("cgroup.procs").isBlank(); i++) {
            Thread.sleep(50);
        }
        Files.delete(directory); // rmdir: a cgroup's files go with it
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
