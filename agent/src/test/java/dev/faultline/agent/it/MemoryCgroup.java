package dev.faultline.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's memory cgroup read straight from {@code /proc/PID/cgroup} and the cgroup's own
 * files: ground truth for the figures of the agent's Container MXBean. Where both hierarchies
 * are mounted the v1 memory controller is the one that counts (a controller bound to v1 cannot
 * be used in v2); the hierarchies are taken to be mounted where systemd and Docker mount them,
 * {@code /sys/fs/cgroup/memory} (v1) and {@code /sys/fs/cgroup} (v2).
 */
final class MemoryCgroup {
    /** What v1 writes for "no limit": the largest page-aligned {@code long}. */
    static final long V1_NO_LIMIT = 9223372036854771712L;
    private static final Path V1_ROOT = Path.of("/sys/fs/cgroup/memory");
    private static final Path V2_ROOT = Path.of("/sys/fs/cgroup");

    /** 1 or 2. */
    final int version;
    /** The cgroup as {@code /proc/PID/cgroup} names it, e.g. {@code /pod/app}. */
    final String path;
    /** The cgroup's folder. */
    final Path dir;

    private MemoryCgroup(int version, String path) {
        this.version = version;
        this.path = path;
        this.dir = folder(version, path);
    }

    /** The memory cgroup of process {@code pid}; fails when it has none or its folder is not where expected. */
    static MemoryCgroup of(long pid) {
        String v2 = null;
        for (String line : read(Path.of("/proc", Long.toString(pid), "cgroup")).split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            if (List.of(fields[1].split(",")).contains("memory")) {
                return found(1, fields[2]);
            }
            if (fields[0].equals("0") && fields[1].isEmpty()) {
                v2 = fields[2];
            }
        }
        if (v2 == null) {
            throw new AssertionError("process " + pid + " has no memory cgroup");
        }
        return found(2, v2);
    }

    private static MemoryCgroup found(int version, String path) {
        MemoryCgroup cgroup = new MemoryCgroup(version, path);
        if (!Files.isDirectory(cgroup.dir)) {
            throw new AssertionError("no folder " + cgroup.dir + " for the v" + version + " cgroup " + path);
        }
        return cgroup;
    }

    /** Memory charged to the cgroup and its descendants: v1 {@code memory.usage_in_bytes}, v2 {@code memory.current}. */
    long usage() {
        return number(dir.resolve(version == 1 ? "memory.usage_in_bytes" : "memory.current"));
    }

    /**
     * The memory limits set on this cgroup and on each ancestor up to the root of the hierarchy, by
     * cgroup path, this one first; empty when no level sets one.
     */
    Map<String, Long> limits() {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (String level = path; ; level = parent(level)) {
            Path file = folder(version, level).resolve(version == 1 ? "memory.limit_in_bytes" : "memory.max");
            String text = Files.exists(file) ? read(file).trim() : "max"; // v2's root has no memory.max
            if (!text.equals("max")) {
                long limit = Long.parseLong(text);
                if (version == 2 || limit < V1_NO_LIMIT) {
                    limits.put(level, limit);
                }
            }
            if (level.equals("/")) {
                return limits;
            }
        }
    }

    /** The usage of the cgroup {@code level}, one of the paths of {@link #limits()}. */
    long usageOf(String level) {
        return new MemoryCgroup(version, level).usage();
    }

    /** Processes of the cgroup that the OOM killer killed: {@code oom_kill} of v1 {@code memory.oom_control}, v2 {@code memory.events}. */
    long oomKills() {
        for (String line : read(dir.resolve(version == 1 ? "memory.oom_control" : "memory.events")).split("\n")) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring("oom_kill ".length()).trim());
            }
        }
        throw new AssertionError("no oom_kill line in the cgroup " + dir);
    }

    /** The one number of a file such as {@code memory.usage_in_bytes} or {@code /proc/PID/oom_score}. */
    static long number(Path file) {
        return Long.parseLong(read(file).trim());
    }

    private static Path folder(int version, String path) {
        Path root = version == 1 ? V1_ROOT : V2_ROOT;
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    @Override
    public String toString() {
        return "v" + version + " " + path + " (" + dir + ")";
    }
}
