package dev.faultline.agent.it;

import com.acme.ContainerApp;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JVM that cannot see its memory cgroup (run in a mount namespace where
 * {@code /sys/fs/cgroup} is unmounted, as root): the agent says "unavailable" and why in
 * every {@code faultline.Container} event and in the report, still gives the headroom the
 * system's memory leaves, warns of nothing, and the application runs as without it.
 * Skipped, saying why, where no such namespace can be made.
 */
class ContainerUnavailableTest {
    private static final String NO_CGROUP = "no cgroup with the memory controller is listed in /proc/self/cgroup and"
            + " mounted here";

    @TempDir
    Path dir;

    @Test
    void withoutTheCgroupFileSystemTheFiguresAreUnavailableAndNothingElseFails() throws Exception {
        Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "umount -R /sys/fs/cgroup").redirectErrorStream(true).start();
        boolean probed = probe.waitFor(30, TimeUnit.SECONDS);
        String probeSaid = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(probed && probe.exitValue() == 0, "cannot run a JVM without the cgroup file system (unshare --mount"
                + " and umount -R /sys/fs/cgroup need root and a mounted /sys/fs/cgroup): " + probeSaid);

        Path jfr = dir.resolve("run.jfr");
        Path report = dir.resolve("report.json");
        Path stdin = dir.resolve("stdin.txt");
        Files.writeString(stdin, "touch 16\nsleep 800\nexit\n");
        List<String> command = AgentJvm.main(ContainerApp.class)
                .options("dump=none,sink=stderr,period=100ms,report=" + report)
                .jvmArgs("-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true")
                .command("unshare", "--mount", "--propagation", "private", "sh", "-c",
                        "umount -R /sys/fs/cgroup && sleep 1 && exec \"$@\" < " + stdin, "sh");
        AgentJvm.Result result = AgentJvm.execute(command, null, 120);

        assertEquals(0, result.exitCode, result::toString);
        assertTrue(result.stdout.contains("touched\nkept 1\n"), result::toString);
        assertFalse(result.stderr.contains("faultline: oom risk"), "the system's memory binds, and far more than"
                + " the default 10% of it is left: " + result);
        assertFalse(result.stderr.contains("Exception"), result::toString);

        List<RecordedEvent> container = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("faultline.Container")).toList();
        assertTrue(container.size() >= 3, () -> "a Container event a tick: " + container.size() + "\n" + result);
        for (RecordedEvent e : container) {
            assertFalse(e.getBoolean("available"), e::toString);
            assertEquals(NO_CGROUP, e.getString("problem"));
            assertEquals(0, e.getInt("cgroupVersion"));
            assertEquals(-1, e.getLong("usage"), "never a zero in place of a figure");
            assertEquals(-1, e.getLong("bindingLimit"));
            assertEquals(-1, e.getLong("oomKills"));
            assertEquals("AVAILABLE_MEMORY", e.getString("boundBy"), "the system's memory is still read");
            long available = kb("MemAvailable");
            assertTrue(Math.abs(e.getLong("headroom") - available) < available / 5,
                    () -> "headroom near MemAvailable " + available + ": " + e);
        }
        String json = Files.readString(report);
        assertTrue(json.contains("\"container\": {\"available\": false, \"cgroupVersion\": 0, \"cgroupPath\": null,"), json);
        assertTrue(json.contains("\"oomRiskWarnings\": 0,"), json);
    }

    private static long kb(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError(key);
    }
}
