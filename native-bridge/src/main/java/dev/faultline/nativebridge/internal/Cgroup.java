package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this process's cgroup for one controller ({@code memory}, {@code cpu}) is: its
 * version, its path as {@code /proc/self/cgroup} names it and its directory in the
 * mounted hierarchy.
 *
 * <p>The hierarchy is found from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}
 * rather than assumed at {@code /sys/fs/cgroup}: on a hybrid host the v2 hierarchy sits at
 * {@code /sys/fs/cgroup/unified} without the controller, which lives in a v1 hierarchy
 * such as {@code /sys/fs/cgroup/memory} or {@code /sys/fs/cgroup/cpu,cpuacct}; inside a
 * container the mount's root may be the container's own cgroup. A controller bound to a
 * v1 hierarchy cannot be enabled in v2, so v1 wins when both are listed.
 */
public final class Cgroup {
    private final int version;
    private final String path;
    private final Path directory;
    private final Path mountPoint;

    Cgroup(int version, String path, Path directory, Path mountPoint) {
        this.version = version;
        this.path = path;
        this.directory = directory;
        this.mountPoint = mountPoint;
    }

    /** This process's cgroup for {@code controller}, or {@code null} when none can be found. */
    public static Cgroup ofThisProcess(String controller) {
        try {
            return locate(read("/proc/self/cgroup"), read("/proc/self/mountinfo"), controller);
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
     * Finds the cgroup for {@code controller} from the text of {@code /proc/self/cgroup}
     * and {@code /proc/self/mountinfo}: the v1 hierarchy that has the controller, else
     * the v2 hierarchy; {@code null} when neither is listed or mounted here. Whether the
     * v2 cgroup has the controller enabled is for the caller to find out from its files.
     */
    public static Cgroup locate(String cgroup, String mountinfo, String controller) {
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
            } else if (hasItem(controllers, controller)) {
                v1Path = path;
            }
        }
        if (v1Path != null) {
            Cgroup found = inMount(mountinfo, 1, v1Path, controller);
            if (found != null) {
                return found;
            }
        }
        return v2Path == null ? null : inMount(mountinfo, 2, v2Path, controller);
    }

    private static Cgroup inMount(String mountinfo, int version, String path, String controller) {
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
                    : after[0].equals("cgroup") && hasItem(after[2], controller);
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
            return new Cgroup(version, path, directory, mountPoint);
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

    /** The directory where the visible part of the hierarchy is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The file {@code name} in this cgroup's directory. */
    public Path file(String name) {
        return directory.resolve(name);
    }

    /** The parent cgroup, or {@code null} at the root of the visible hierarchy. */
    public Cgroup parent() {
        if (directory.equals(mountPoint) || !directory.startsWith(mountPoint)) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        String parentPath = slash <= 0 ? "/" : path.substring(0, slash);
        return new Cgroup(version, parentPath, directory.getParent(), mountPoint);
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
    public boolean equals(Object other) {
        return other instanceof Cgroup && ((Cgroup) other).version == version
                && ((Cgroup) other).directory.equals(directory);
    }

    @Override
    public int hashCode() {
        return directory.hashCode() * 31 + version;
    }

    @Override
    public String toString() {
        return "cgroup v" + version + " " + path + " at " + directory;
    }
}
