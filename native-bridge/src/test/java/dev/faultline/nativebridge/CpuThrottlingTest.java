package dev.faultline.nativebridge;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CpuThrottling} of the test JVM itself, in whatever cpu cgroup it runs. */
class CpuThrottlingTest {

    @Test
    void theSnapshotIsThisProcesssOwnCpuCgroupAsTheKernelNamesIt() {
        CpuThrottling now = CpuThrottling.now();
        assertTrue(now.available(), now.toString());
        String line = cpuLine();
        assertNotNull(line, "/proc/self/cgroup names no cpu controller: " + GroundTruth.read("/proc/self/cgroup"));
        int version = line.startsWith("0::") ? 2 : 1;
        assertEquals(version, now.cgroupVersion(), line);
        assertEquals(line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1), now.cgroupPath());
        Path dir = directory(version, now.quotaCgroupPath());
        if (version == 1) {
            long quota = GroundTruth.field(dir.resolve("cpu.cfs_quota_us").toString(), 0);
            assertEquals(quota < 0 ? CpuThrottling.NO_QUOTA : quota, now.quotaMicros());
            assertEquals(GroundTruth.field(dir.resolve("cpu.cfs_period_us").toString(), 0), now.periodMicros());
        } else {
            String[] max = GroundTruth.read(dir.resolve("cpu.max").toString()).trim().split(" ");
            assertEquals(max[0].equals("max") ? CpuThrottling.NO_QUOTA : Long.parseLong(max[0]), now.quotaMicros());
            assertEquals(Long.parseLong(max[1]), now.periodMicros());
        }
        assertEquals(now.quotaMicros() > 0, now.hasQuota());
    }

    @Test
    void readIntoGivesTheCountersOfCpuStat() {
        CpuThrottling now = CpuThrottling.now();
        Path stat = directory(now.cgroupVersion(), now.quotaCgroupPath()).resolve("cpu.stat");
        String throttled = now.cgroupVersion() == 2 ? "throttled_usec" : "throttled_time";
        long unit = now.cgroupVersion() == 2 ? 1000 : 1;
        long[] counters = new long[CpuThrottling.SLOTS];
        Map<String, Long> before = flatKeyed(stat);
        assertTrue(CpuThrottling.readInto(counters));
        Map<String, Long> after = flatKeyed(stat);
        assertBetween(before.get("nr_periods"), counters[CpuThrottling.PERIODS], after.get("nr_periods"));
        assertBetween(before.get("nr_throttled"), counters[CpuThrottling.THROTTLED_PERIODS], after.get("nr_throttled"));
        assertBetween(before.get(throttled) * unit, counters[CpuThrottling.THROTTLED_NANOS],
                after.get(throttled) * unit);
    }

    @Test
    void readIntoAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] counters = new long[CpuThrottling.SLOTS];
        for (int i = 0; i < 20_000; i++) {
            assertTrue(CpuThrottling.readInto(counters));
        }
        long start = threads.getCurrentThreadAllocatedBytes();
        boolean all = true;
        for (int i = 0; i < 10_000; i++) {
            all &= CpuThrottling.readInto(counters);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        assertTrue(all);
        // under a byte a read: nothing per read (one would be 16 bytes or more); a one-off of the JIT's may show
        // (seen: 1,432 bytes once in a full build)
        assertTrue(allocated < 10_000, allocated + " bytes over 10,000 reads");
    }

    private static void assertBetween(long low, long value, long high) {
        assertTrue(low <= value && value <= high, low + " <= " + value + " <= " + high);
    }

    /** The cgroup's directory: the path under the hierarchy's mount point (a mount of its root). */
    private static Path directory(int version, String path) {
        Path mount = ScratchCgroup.mountOf(version, "cpu");
        assertNotNull(mount, "no cgroup v" + version + " hierarchy mounted at its root");
        return Path.of(mount + path);
    }

    /** The v1 line that names the cpu controller, else the v2 line. */
    private static String cpuLine() {
        String v2 = null;
        for (String line : GroundTruth.read("/proc/self/cgroup").split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && Stream.of(parts[1].split(",")).anyMatch("cpu"::equals)) {
                return line;
            }
            if (line.startsWith("0::")) {
                v2 = line;
            }
        }
        return v2;
    }

    private static Map<String, Long> flatKeyed(Path file) {
        return Stream.of(GroundTruth.read(file.toString()).split("\n"))
                .map(line -> line.split(" "))
                .collect(Collectors.toMap(words -> words[0], words -> Long.parseLong(words[1])));
    }
}
