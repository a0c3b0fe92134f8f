package dev.faultline.agent.internal.options;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a file the agent is to write ({@code report=PATH}, {@code sink=file:PATH}) when the
 * agent starts, in the JVM that will write it (the command line parses options too, in
 * another working directory), so that a path that cannot work is said at once, with its
 * cause, and not at exit. A report's missing parent folders are created, as {@code mkdir -p}
 * would (a CI job names {@code target/faultline/report.md} before anything made that
 * folder); a sink file's are not, as before: dumps go there from the first traced call.
 */
public final class OutputPath {
    private OutputPath() {
    }

    /**
     * Makes the parent folders of {@code path} that are missing; returns {@code null} when the
     * file can then be written, else what is wrong, in a few words ("parent '/a/b' is a
     * file"). Never throws.
     */
    public static String prepare(Path path) {
        return check(path, true);
    }

    /** As {@link #prepare}, but a missing parent folder is a problem, not made. */
    public static String check(Path path) {
        return check(path, false);
    }

    private static String check(Path path, boolean makeFolders) {
        try {
            Path file = path.toAbsolutePath().normalize();
            if (Files.isDirectory(file)) {
                return "'" + file + "' is a folder";
            }
            if (Files.exists(file)) {
                return Files.isWritable(file) ? null : "'" + file + "' is not writable";
            }
            Path parent = file.getParent();
            if (parent == null) {
                return "'" + file + "' has no parent folder";
            }
            Path existing = parent;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && !Files.isDirectory(existing)) {
                return "parent '" + existing + "' is a file";
            }
            if (existing != null && !Files.isWritable(existing)) {
                return existing.equals(parent) ? "folder '" + parent + "' is not writable"
                        : "cannot create folder '" + parent + "': '" + existing + "' is not writable";
            }
            if (!existing.equals(parent) && !makeFolders) {
                return "folder '" + parent + "' does not exist";
            }
            if (!existing.equals(parent)) {
                try {
                    Files.createDirectories(parent);
                } catch (IOException e) {
                    return "cannot create folder '" + parent + "': " + reason(e);
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "cannot check it: " + e;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getClass().getSimpleName();
    }
}
