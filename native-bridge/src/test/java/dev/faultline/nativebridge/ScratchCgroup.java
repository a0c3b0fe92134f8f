package dev.faultline.nativebridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real cgroup with the cpu or memory controller, made for one test and removed after it,
 * written to and read with plain file calls, to check {@link CpuThrottling} and
 * {@link ContainerMemory} against the kernel.
 * Where none can be made (not root, no cpu controller, a read-only hierarchy) the test is
 * skipped with an assumption that says why.
 */
final class ScratchCgroup implements AutoCloseable {
    final int version;
    /** The mounted hierarchy's root, where processes are moved back to. */
    final Path mount;
    final Path directory;
    /** The path {@code /proc/self/cgroup} gives it (the mount's root is the hierarchy's root). */
    final String path;
    private final List<ScratchCgroup> children = new ArrayList<>();

    private ScratchCgroup(int version, Path mount, Path directory, String path) {
        this.version = version;
        this.mount = mount;
        this.directory = directory;
        this.path = path;
    }

    /** A new cgroup at the top of the v1 hierarchy that holds the cpu controller. */
    static ScratchCgroup v1() {
        Path mount = mountOf(1, "cpu");
        assumeTrue(mount != null, "no cgroup v1 hierarchy with the cpu controller is mounted at its root"
                + " (/proc/self/mountinfo): cannot test against a real v1 cgroup here");
        return top(1, mount);
    }

    /** A new cgroup at the top of the v1 hierarchy that holds the memory controller. */
    static ScratchCgroup v1Memory() {
        Path mount = mountOf(1, "memory");
        assumeTrue(mount != null, "no cgroup v1 hierarchy with the memory controller is mounted at its root"
                + " (/proc/self/mountinfo): cannot test against a real v1 memory cgroup here");
        return top(1, mount);
    }

    /** A new cgroup at the top of the v2 hierarchy, with the cpu controller enabled for it. */
    static ScratchCgroup v2() {
        Path mount = mountOf(2, "cpu");
        assumeTrue(mount != null, "no cgroup v2 hierarchy is mounted at its root: cannot test against a real v2 cgroup");
        String controllers = readOrEmpty(mount.resolve("cgroup.controllers")).trim();
        Path v1 = mountOf(1, "cpu");
        assumeTrue((" " + controllers + " ").contains(" cpu "), "the cgroup v2 hierarchy at " + mount
                + " has no cpu controller (cgroup.controllers: '" + controllers + "'"
                + (v1 == null ? "" : "; it is bound to the v1 hierarchy at " + v1)
                + "): v2 is covered by the parser tests on fixture text only");
        enableCpuBelow(mount);
        return top(2, mount);
    }

    private static ScratchCgroup top(int version, Path mount) {
        String name = "faultline-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        return create(version, mount, mount.resolve(name), "/" + name);
    }

    /** A child of this cgroup, removed with it. */
    ScratchCgroup child(String name) {
        if (version == 2) {
            enableCpuBelow(directory);
        }
        ScratchCgroup child = create(version, mount, directory.resolve(name), path + "/" + name);
        children.add(child);
        return child;
    }

    private static ScratchCgroup create(int version, Path mount, Path directory, String path) {
        assumeTrue(GroundTruth.value("/proc/self/status", "Uid") == 0, "not root: cannot create a cgroup");
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            assumeTrue(false, "cannot create a cgroup at " + directory + ": " + e);
        }
        return new ScratchCgroup(version, mount, directory, path);
    }

    /** Sets the quota: {@code quota} µs of CPU time every {@code period} µs. */
    void limit(long quota, long period) throws IOException {
        if (version == 2) {
            write("cpu.max", quota + " " + period);
        } else {
            write("cpu.cfs_period_us", Long.toString(period));
            write("cpu.cfs_quota_us", Long.toString(quota));
        }
    }

    /** {@code cpu.stat} as the kernel writes it, each line split at its space. */
    Map<String, Long> stat() {
        return flatKeyed("cpu.stat");
    }

    /** {@code cpu.stat.local}, or an empty map where the kernel has none (before 6.6). */
    Map<String, Long> localStat() {
        return Files.exists(directory.resolve("cpu.stat.local")) ? flatKeyed("cpu.stat.local") : Map.of();
    }

    /** The throttled time of {@link #stat()} in ns: v1 {@code throttled_time}, v2 {@code throttled_usec}. */
    long throttledNanos(Map<String, Long> stat) {
        return version == 2 ? stat.get("throttled_usec") * 1000 : stat.get("throttled_time");
    }

    private Map<String, Long> flatKeyed(String file) {
        Map<String, Long> values = new HashMap<>();
        for (String line : readOrEmpty(directory.resolve(file)).split("\n")) {
            String[] words = line.trim().split(" ");
            if (words.length == 2) {
                values.put(words[0], Long.parseLong(words[1]));
            }
        }
        return values;
    }

    /** The text of one of its files, {@code ""} when unreadable. */
    String read(String file) {
        return readOrEmpty(directory.resolve(file));
    }

    /** The number in one of its one-number files. */
    long number(String file) {
        return Long.parseLong(read(file).trim());
    }

    void write(String file, String value) throws IOException {
        Files.writeString(directory.resolve(file), value + "\n");
    }

    /** Moves every process left in it back to the root, then removes it (children first). */
    @Override
    public void close() throws IOException {
        for (ScratchCgroup child : children) {
            child.close();
        }
        if (!Files.isDirectory(directory)) {
            return;
        }
        for (String pid : readOrEmpty(directory.resolve("cgroup.procs")).split("\n")) {
            if (!pid.isBlank()) {
                try {
                    Files.writeString(mount.resolve("cgroup.procs"), pid.trim() + "\n");
                } catch (IOException e) {
                    // it has exited in between
                }
            }
        }
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.delete(directory); // rmdir: a cgroup's files go with it
                return;
            } catch (IOException e) { // EBUSY while a moved or exiting task is still charged to it
                last = e;
                sleep(20);
            }
        }
        throw new IOException("cannot remove the test cgroup " + directory, last);
    }

    private static void enableCpuBelow(Path cgroup) {
        try {
            Files.writeString(cgroup.resolve("cgroup.subtree_control"), "+cpu\n");
        } catch (IOException e) {
            assumeTrue(false, "cannot enable the cpu controller below " + cgroup + ": " + e);
        }
    }

    /**
     * The mount point of the hierarchy: v1, the {@code cgroup} mount whose super options name
     * {@code controller}; v2, the {@code cgroup2} mount. Only a mount of the hierarchy's root.
     */
    static Path mountOf(int version, String controller) {
        for (String line : readOrEmpty(Path.of("/proc/self/mountinfo")).split("\n")) {
            String[] halves = line.split(" - ");
            if (halves.length != 2) {
                continue;
            }
            String[] before = halves[0].split(" ");
            String[] after = halves[1].split(" ");
            boolean matches = version == 2 ? after[0].equals("cgroup2")
                    : after[0].equals("cgroup") && List.of(after[2].split(",")).contains(controller);
            if (matches && before[3].equals("/")) {
                return Path.of(before[4]);
            }
        }
        return null;
    }

    private static String readOrEmpty(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "cgroup v" + version + " " + path + " at " + directory;
    }
}
