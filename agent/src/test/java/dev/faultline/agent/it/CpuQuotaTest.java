package dev.faultline.agent.it;

import com.acme.WhereTimeWentApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * In a real cgroup with a CPU quota (20% of a CPU, made for the test in the cgroup v1 cpu
 * hierarchy), a traced call that spins 100 ms of CPU says that the quota throttled it, with
 * figures that the cgroup's own {@code cpu.stat} bounds. Needs root (CI has it); skipped,
 * saying why, where no cgroup can be made.
 */
class CpuQuotaTest {
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Pattern SPIN = Pattern.compile("WhereTimeWentApp\\.spin\\(.*exit, (\\d+\\.\\d{3}) ms, .*"
            + "; wall [^=]+= cpu (\\d+\\.\\d{3}) \\+ runq (\\d+\\.\\d{3}) \\+ blocked [^;]+; cpu quota throttled the"
            + " cgroup (\\d+) of (\\d+) periods, (\\d+\\.\\d{3}) ms\\]");

    @Test
    void aCallThatTheQuotaStopsSaysSoWithinTheCgroupsOwnCounts() throws IOException, InterruptedException {
        assumeTrue(Files.isWritable(CPU.resolve("cgroup.procs")), "no writable cgroup v1 cpu hierarchy at " + CPU
                + " (not root, or no cpu controller there): the quota test cannot make its cgroup");
        Path cgroup = CPU.resolve("faultline-quota-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        Files.createDirectory(cgroup);
        try {
            Files.writeString(cgroup.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(cgroup.resolve("cpu.cfs_quota_us"), "20000");
            long[] before = stat(cgroup);
            // the shell moves itself into the cgroup, then becomes the JVM: the agent sees the quota from premain
            AgentJvm.Result result = AgentJvm.execute(AgentJvm.main(WhereTimeWentApp.class)
                    .options("trace=com.acme.WhereTimeWentApp#spin,dump=exit,sink=stderr,sched=true")
                    .command("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec \"$@\"", "sh"),
                    null, 120);
            long[] after = stat(cgroup);

            assertEquals(0, result.exitCode, result::toString);
            Matcher spin = SPIN.matcher(result.stderr);
            assertTrue(spin.find(), result::toString);
            double wall = Double.parseDouble(spin.group(1));
            long throttled = Long.parseLong(spin.group(4));
            double throttledMillis = Double.parseDouble(spin.group(6));
            // 100 ms of CPU at 20 ms a 100 ms period: at least four periods run out
            assertTrue(wall >= 350, result::toString);
            assertTrue(throttled >= 3, result::toString);
            assertTrue(throttledMillis > 0, result::toString);
            // the whole JVM's run, as the cgroup counted it, holds the call
            assertTrue(throttled <= after[1] - before[1], () -> "cgroup: " + (after[1] - before[1]) + "\n" + result);
            assertTrue(throttledMillis <= (after[2] - before[2]) / 1e6,
                    () -> "cgroup: " + (after[2] - before[2]) + " ns\n" + result);
        } finally {
            deleteWhenEmpty(cgroup);
        }
    }

    /** {@code nr_periods}, {@code nr_throttled}, {@code throttled_time} (ns) of the cgroup. */
    private static long[] stat(Path cgroup) throws IOException {
        long[] values = new long[3];
        for (String line : Files.readAllLines(cgroup.resolve("cpu.stat"))) {
            String[] kv = line.split(" ");
            int slot = kv[0].equals("nr_periods") ? 0 : kv[0].equals("nr_throttled") ? 1
                    : kv[0].equals("throttled_time") ? 2 : -1;
            if (slot >= 0) {
                values[slot] = Long.parseLong(kv[1]);
            }
        }
        return values;
    }

    private static void deleteWhenEmpty(Path cgroup) throws InterruptedException, IOException {
        for (int i = 0; i < 100 && !Files.readString(cgroup.resolve("cgroup.procs")).isBlank(); i++) {
            Thread.sleep(50); // the JVM's exit is seen a moment after its process ends
        }
        Files.delete(cgroup); // rmdir: a cgroup's files go with it
    }
}
