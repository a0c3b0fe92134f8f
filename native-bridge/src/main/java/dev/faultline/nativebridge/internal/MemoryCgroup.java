package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this process's memory cgroup is, and its limit and usage: cgroup v2
 * ({@code memory.max}, {@code memory.current}) or the v1 memory controller
 * ({@code memory.limit_in_bytes}, {@code memory.usage_in_bytes}).
 *
 * <p>The hierarchy is found from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}
 * rather than assumed at {@code /sys/fs/cgroup}: on a hybrid host the v2 hierarchy sits at
 * {@code /sys/fs/cgroup/unified} without the memory controller, which lives in the v1
 * hierarchy at {@code /sys/fs/cgroup/memory}; inside a container the mount's root may be
 * the container's own cgroup. When the memory controller is bound to a v1 hierarchy it
 * cannot be enabled in v2, so v1 wins when both are listed.
 */
public final class MemoryCgroup {
    /** v1 writes "no limit" as the largest page-aligned {@code long}; anything this large is no limit. */
    private static final long V1_UNLIMITED = 1L << 62;

    private final int version;
    private final String path;
    private final Path directory;
    private final Path mountPoint;

    MemoryCgroup(int version, String path, Path directory, Path mountPoint) {
        this.version = version;
        this.path = path;
        this.directory = directory;
        this.mountPoint = mountPoint;
    }

    /** This process's memory cgroup, or {@code null} when it has none that can be found. */
    public static MemoryCgroup ofThisProcess() {
        try {
            return locate(read("/proc/self/cgroup"), read("/proc/self/mountinfo"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The text of {@code /proc/self/cgroup}, which changes when the process is moved; {@code ""} if unreadable. */
    public static String membership() {
        try {
            return read("/proc/self/cgroup");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Finds the memory cgroup from the text of {@code /proc/self/cgroup} and
     * {@code /proc/self/mountinfo}; {@code null} when there is none or its hierarchy is
     * not mounted here.
     */
    public static MemoryCgroup locate(String cgroup, String mountinfo) {
        String v1Path = null;
        String v2Path = null;
        for (String line : cgroup.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (line.startsWith("0::")) {
                v2Path = path;
            } else if (hasItem(controllers, "memory")) {
                v1Path = path;
            }
        }
        if (v1Path != null) {
            MemoryCgroup found = inMount(mountinfo, 1, v1Path);
            if (found != null) {
                return found;
            }
        }
        return v2Path == null ? null : inMount(mountinfo, 2, v2Path);
    }

    private static MemoryCgroup inMount(String mountinfo, int version, String path) {
        for (String line : mountinfo.split("\n")) {
            // id parent major:minor root mount-point options [optional...] - fstype source super-options
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 5 || after.length < 3) {
                continue;
            }
            boolean matches = version == 2
                    ? after[0].equals("cgroup2")
                    : after[0].equals("cgroup") && hasItem(after[2], "memory");
            if (!matches) {
                continue;
            }
            String root = unescape(before[3]);
            Path mountPoint = Path.of(unescape(before[4]));
            String relative;
            if (root.equals("/")) {
                relative = path;
            } else if (path.equals(root) || path.startsWith(root + "/")) {
                relative = path.substring(root.length());
            } else {
                continue; // this mount shows another part of the hierarchy
            }
            Path directory = mountPoint;
            for (String part : relative.split("/")) {
                if (part.equals("..")) {
                    return null; // outside this cgroup namespace: not visible from here
                }
                if (!part.isEmpty()) {
                    directory = directory.resolve(part);
                }
            }
            return new MemoryCgroup(version, path, directory, mountPoint);
        }
        return null;
    }

    /** 1 or 2. */
    public int version() {
        return version;
    }

    /** The cgroup's path as {@code /proc/self/cgroup} names it, e.g. {@code /user.slice/app.scope}. */
    public String path() {
        return path;
    }

    /** The cgroup's directory in the mounted hierarchy. */
    public Path directory() {
        return directory;
    }

    /**
     * The limit that applies: the smallest of the limits set on this cgroup and on its
     * ancestors up to the visible root of the hierarchy; {@code -1} when none is set.
     */
    public long limit() {
        String file = version == 2 ? "memory.max" : "memory.limit_in_bytes";
        long smallest = -1;
        for (Path dir = directory; dir != null && dir.startsWith(mountPoint); dir = dir.getParent()) {
            long limit = readLimit(dir.resolve(file));
            if (limit >= 0 && (smallest < 0 || limit < smallest)) {
                smallest = limit;
            }
        }
        return smallest;
    }

    /** Memory charged to the cgroup now (including page cache), in bytes; {@code -1} when unreadable. */
    public long usage() {
        return readNumber(directory.resolve(version == 2 ? "memory.current" : "memory.usage_in_bytes"));
    }

    private static long readLimit(Path file) {
        long value = readNumber(file); // "max" (v2) reads as -1
        return value >= V1_UNLIMITED ? -1 : value;
    }

    private static long readNumber(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return ProcParsers.single(bytes, bytes.length);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String read(String file) throws IOException {
        return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
    }

    private static boolean hasItem(String commaList, String item) {
        for (String each : commaList.split(",")) {
            if (each.equals(item)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "cgroup v" + version + " " + path + " at " + directory;
    }
}
