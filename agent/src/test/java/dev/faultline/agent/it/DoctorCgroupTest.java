package dev.faultline.agent.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code java -jar faultline-agent.jar doctor}, run in a real cgroup v1 memory cgroup made
 * for the test with a 256 MiB limit, names that cgroup's limit as the one that binds, with a
 * headroom that the cgroup's own {@code memory.usage_in_bytes} confirms. Needs root (CI has
 * it); skipped, saying why, where no cgroup can be made.
 */
class DoctorCgroupTest {
    private static final long LIMIT = 256L << 20;
    /**
     * Bytes written to doctor's stdout before doctor starts: a pipe holds 64 KiB (16 pages of
     * 4 KiB), so doctor's lines fill it and doctor waits in its first write, alive, until the
     * test reads. doctor reads the cgroup before it prints anything: while it waits, the
     * cgroup's usage is what it was when doctor read it (a JVM that has exited is uncharged).
     */
    private static final int FILLER = 65536 - 256;
    private static final Pattern CGROUP_LINE = Pattern.compile("(ok  |warn) cgroup memory   v1 (\\S+): binding limit"
            + " ([0-9.]+ MiB) set by (\\S+) \\(usage [^)]+\\); headroom ([0-9.]+) MiB \\((\\d+)% of the limit\\)"
            + " before the cgroup limit\\. The cgroup .*");

    @Test
    void doctorNamesTheCgroupsLimitAsBindingWithTheHeadroomTheKernelCounts() throws Exception {
        Path stderr = Files.createTempFile("faultline-doctor", ".err");
        Process doctor = null;
        try (ScratchMemoryCgroup scratch = ScratchMemoryCgroup.create("faultline-doctor", LIMIT)) {
            Path cgroup = scratch.directory;
            String name = scratch.path.substring(1);
            // the shell moves itself into the cgroup, fills the pipe nearly, then becomes the JVM
            doctor = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && head -c "
                    + FILLER + " /dev/zero && exec \"$@\"", "sh",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    AgentJvm.AGENT_JAR.toAbsolutePath().toString(), "doctor")
                    .redirectError(stderr.toFile()).start();
            doctor.getOutputStream().close();
            InputStream stdout = doctor.getInputStream();
            awaitFullPipe(doctor, stdout, stderr);
            long usage = Long.parseLong(Files.readString(cgroup.resolve("memory.usage_in_bytes")).trim());
            assertTrue(doctor.isAlive(), "doctor waits on its stdout while the test reads the cgroup");

            assertEquals(FILLER, stdout.readNBytes(FILLER).length);
            String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(doctor.waitFor(60, TimeUnit.SECONDS), out);
            String result = "exit " + doctor.exitValue() + "\n--- stdout ---\n" + out + "\n--- stderr ---\n"
                    + Files.readString(stderr) + "\nmemory.usage_in_bytes " + usage;
            assertEquals(0, doctor.exitValue(), result);
            String line = out.lines().filter(l -> l.contains(" cgroup memory ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no cgroup memory line:\n" + result));
            Matcher m = CGROUP_LINE.matcher(line);
            assertTrue(m.matches(), () -> "not the line of a binding cgroup limit:\n" + result);
            assertEquals("/" + name, m.group(2), result);
            assertEquals("256.0 MiB", m.group(3), result);
            assertEquals("/" + name, m.group(4), "the cgroup itself sets the limit that binds:\n" + result);
            assertEquals("ok  ", m.group(1), "most of 256 MiB is left, nothing was killed:\n" + result);
            double headroom = Double.parseDouble(m.group(5)) * (1 << 20);
            double expected = LIMIT - usage;
            assertTrue(Math.abs(headroom - expected) <= 0.02 * expected,
                    () -> "headroom " + headroom + " is not within 2% of limit - usage = " + expected + ":\n" + result);
        } finally {
            if (doctor != null && doctor.isAlive()) {
                doctor.destroyForcibly();
                doctor.waitFor(30, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(stderr);
        }
    }

    /** Waits until doctor has written into the pipe and stopped: the pipe is full and doctor waits in a write. */
    private static void awaitFullPipe(Process doctor, InputStream stdout, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int last = -1;
        int same = 0;
        while (same < 10) {
            if (!doctor.isAlive()) {
                fail("doctor exited (" + doctor.exitValue() + ") before its stdout filled the pipe: a pipe here holds"
                        + " more than 64 KiB, or doctor failed; stderr:\n" + Files.readString(stderr));
            }
            if (System.nanoTime() - deadline > 0) {
                fail("doctor did not fill its stdout in 60 s (" + stdout.available() + " bytes); stderr:\n"
                        + Files.readString(stderr));
            }
            Thread.sleep(20);
            int available = stdout.available();
            same = available > FILLER && available == last ? same + 1 : 0;
            last = available;
        }
    }

}
