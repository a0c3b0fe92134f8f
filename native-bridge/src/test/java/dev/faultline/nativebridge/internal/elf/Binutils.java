package dev.faultline.nativebridge.internal.elf;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs binutils ({@code nm}, {@code readelf}, {@code c++filt}) for ground truth in tests.
 * A missing tool fails the test with a message saying what to install; it never skips.
 * Public only so that {@code DemanglerTest} in the parent package can use it.
 */
public final class Binutils {

    private Binutils() {
    }

    /** The standard output lines of the command, which must exit 0. */
    public static List<String> run(String... command) {
        return run(null, command);
    }

    /** Same, feeding {@code input} lines to the command's standard input. */
    public static List<String> run(List<String> input, String... command) {
        File stdin = null;
        File stderr = null;
        try {
            stderr = File.createTempFile("binutils", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr);
            if (input != null) {
                stdin = File.createTempFile("binutils", ".in");
                Files.write(stdin.toPath(), input, StandardCharsets.UTF_8);
                builder.redirectInput(stdin);
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run `" + command[0] + "` (install binutils; the tests need nm, readelf "
                        + "and c++filt for ground truth): " + e.getMessage(), e);
            }
            List<String> lines = new ArrayList<>();
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new AssertionError(Arrays.toString(command) + " exited with " + exit + ": "
                        + Files.readString(stderr.toPath()).trim());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (stdin != null) {
                stdin.delete();
            }
            if (stderr != null) {
                stderr.delete();
            }
        }
    }
}
