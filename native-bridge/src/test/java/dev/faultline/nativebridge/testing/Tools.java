package dev.faultline.nativebridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a system tool (nm, readelf) for ground truth; a missing tool fails the test, never skips it. */
public final class Tools {
    private Tools() {
    }

    public static List<String> run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(Arrays.toString(command) + " failed: "
                        + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return new ArrayList<>(Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\\R")));
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (install binutils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
