package dev.faultline.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.ForkedSampleRun;

/**
 * {@code minHeadroom} where no memory cgroup can be seen, as in a container that mounts no
 * cgroup file system: a JVM in a mount namespace of its own with {@code /sys/fs/cgroup}
 * unmounted ({@code unshare --mount}, as root) runs {@link HeadroomSample}. The system's
 * memory alone could overstate the room, so the budget is not checked and
 * {@code faultline.budgets.unavailable} decides. Skipped, saying why, where no mount
 * namespace can be made.
 */
class UnreadableHeadroomTest {
    private static final List<String> WITHOUT_CGROUPS = List.of("unshare", "--mount", "--propagation", "private",
            "sh", "-c", "umount -R /sys/fs/cgroup && exec \"$@\"", "sh");
    private static final String UNREADABLE = "the memory headroom cannot be read: no cgroup with the memory controller"
            + " is listed in /proc/self/cgroup and mounted here; the system alone leaves \\d+\\.\\d [KMGT]iB, but a"
            + " cgroup's limit that cannot be seen may bind first";

    @BeforeAll
    static void aMountNamespaceCanBeMade() throws InterruptedException {
        String why;
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "umount -R /sys/fs/cgroup").redirectErrorStream(true).start();
            boolean exited = probe.waitFor(30, TimeUnit.SECONDS);
            why = !exited ? "timed out" : probe.exitValue() == 0 ? null
                    : "exit " + probe.exitValue() + ": " + new String(probe.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            why = e.toString();
        }
        assumeTrue(why == null, "cannot run a JVM without the cgroup file system (unshare --mount and umount -R"
                + " /sys/fs/cgroup need root and a mounted /sys/fs/cgroup): " + why);
    }

    @Test
    void byDefaultTheTestFailsSayingTheHeadroomCannotBeReadAndHowToRunUnchecked() {
        ForkedSampleRun run = ForkedSampleRun.of(WITHOUT_CGROUPS, List.of(), HeadroomSample.class);
        for (String method : new String[] {"needs1MiBLeft", "needs1000TiBLeft"}) {
            String message = run.test(method).message();
            assertTrue(Pattern.matches("memory budget of HeadroomSample." + method + " cannot be measured here: "
                    + UNREADABLE + " \\(set the configuration parameter faultline.budgets.unavailable=warn to run"
                    + " such tests unchecked\\)", message), message);
        }
    }

    @Test
    void withTheWarnPolicyTheTestPassesWithANotice() {
        ForkedSampleRun run = ForkedSampleRun.of(WITHOUT_CGROUPS, List.of(), HeadroomSample.class,
                "faultline.budgets.unavailable", "warn");
        for (String method : new String[] {"needs1MiBLeft", "needs1000TiBLeft"}) {
            ForkedSampleRun.Outcome test = run.test(method);
            assertTrue(test.passed(), test::toString);
            List<String> notices = test.entries("faultline.budget.notChecked");
            assertEquals(1, notices.size(), test::toString);
            assertTrue(Pattern.matches("memory budget of HeadroomSample." + method + " not checked: " + UNREADABLE,
                    notices.get(0)), notices::toString);
            assertEquals(List.of(), test.entries("faultline.memory"), test::toString);
        }
    }
}
