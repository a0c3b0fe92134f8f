package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuCgroupTest {
    /** As Linux 6.18 writes it for a v1 cgroup that was throttled. */
    private static final String V1_STAT = "nr_periods 11\nnr_throttled 10\nthrottled_time 709130292\n"
            + "nr_bursts 0\nburst_time 0\n";
    /** As a v2 cgroup with the cpu controller enabled writes it. */
    private static final String V2_STAT = "usage_usec 5123456\nuser_usec 5000000\nsystem_usec 123456\n"
            + "core_sched.force_idle_usec 0\nnr_periods 51\nnr_throttled 42\nthrottled_usec 3987654\n"
            + "nr_bursts 0\nburst_usec 0\n";
    /** A v2 cgroup without the cpu controller: the core's usage lines only. */
    private static final String V2_STAT_NO_CONTROLLER = "usage_usec 5123456\nuser_usec 5000000\nsystem_usec 123456\n";

    @Test
    void aV1StatIsReadInNanoseconds() {
        long[] out = new long[CpuCgroup.STAT_SLOTS];
        assertTrue(parseStat(1, V1_STAT, out));
        assertArrayEquals(new long[] {11, 10, 709_130_292, -1}, out, "v1 has no usage line in cpu.stat");
    }

    @Test
    void aV2StatIsReadWithMicrosecondsTurnedIntoNanoseconds() {
        long[] out = new long[CpuCgroup.STAT_SLOTS];
        assertTrue(parseStat(2, V2_STAT, out));
        assertArrayEquals(new long[] {51, 42, 3_987_654_000L, 5_123_456_000L}, out);
    }

    @Test
    void aV2StatWithoutTheCpuControllerIsNotAMeasurementOfZero() {
        long[] out = new long[CpuCgroup.STAT_SLOTS];
        assertFalse(parseStat(2, V2_STAT_NO_CONTROLLER, out));
        assertEquals(-1, out[CpuCgroup.THROTTLED_PERIODS]);
        assertEquals(5_123_456_000L, out[CpuCgroup.USAGE_NANOS]);
    }

    @Test
    void aStatWithAFieldMissingOrGarbledIsIncomplete() {
        long[] out = new long[CpuCgroup.STAT_SLOTS];
        assertFalse(parseStat(1, "nr_periods 11\nnr_throttled 10\n", out), "no throttled_time");
        assertFalse(parseStat(1, "nr_periods 11\nnr_throttled ten\nthrottled_time 5\n", out), "a word for a number");
        assertFalse(parseStat(1, "", out));
        assertFalse(parseStat(1, "\u0000\u0001garbage", out));
        assertFalse(parseStat(2, V1_STAT, out), "v1 names in a v2 file: no throttled_usec");
    }

    @Test
    void aKeyMatchesOnlyTheWholeWord() {
        long[] out = new long[CpuCgroup.STAT_SLOTS];
        // a key read as a mere prefix would take the digits after it for the value
        assertFalse(parseStat(1, "nr_periods0 1\nnr_throttled9 2\nthrottled_time7 3\n", out));
        assertTrue(parseStat(1, "nr_throttled9 2\nnr_throttled 7\nnr_periods 9\nthrottled_time 3\n", out));
        assertEquals(7, out[CpuCgroup.THROTTLED_PERIODS]);
        assertEquals(9, out[CpuCgroup.PERIODS]);
    }

    @Test
    void cpuMaxIsAQuotaOrMaxAndAPeriod() {
        assertArrayEquals(new long[] {CpuCgroup.NO_QUOTA, 100_000}, max("max 100000\n"));
        assertArrayEquals(new long[] {50_000, 100_000}, max("50000 100000\n"));
        assertArrayEquals(new long[] {CpuCgroup.UNKNOWN, CpuCgroup.UNKNOWN}, max("50000\n"), "no period");
        assertArrayEquals(new long[] {CpuCgroup.UNKNOWN, 100_000}, max("maximum 100000\n"));
        assertArrayEquals(new long[] {CpuCgroup.UNKNOWN, 100_000}, max("-1 100000\n"));
        assertArrayEquals(new long[] {50_000, CpuCgroup.UNKNOWN}, max("50000 lots\n"));
        assertArrayEquals(new long[] {CpuCgroup.UNKNOWN, CpuCgroup.UNKNOWN}, max(""));
    }

    @Test
    void aV1QuotaOfMinusOneIsNoQuota() {
        assertEquals(CpuCgroup.NO_QUOTA, CpuCgroup.parseV1Quota(bytes("-1\n"), 3));
        assertEquals(20_000, CpuCgroup.parseV1Quota(bytes("20000\n"), 6));
        assertEquals(CpuCgroup.UNKNOWN, CpuCgroup.parseV1Quota(bytes("-12\n"), 4));
        assertEquals(CpuCgroup.UNKNOWN, CpuCgroup.parseV1Quota(bytes("max\n"), 4));
        assertEquals(CpuCgroup.UNKNOWN, CpuCgroup.parseV1Quota(bytes(""), 0));
        assertEquals(100_000, CpuCgroup.parsePeriod(bytes("100000\n"), 7));
        assertEquals(CpuCgroup.UNKNOWN, CpuCgroup.parsePeriod(bytes("1e5\n"), 4));
    }

    @Test
    void theLocalStatHasOneThrottledTimeInEachVersionsUnit() {
        byte[] v1 = bytes("throttled_time 709130292\n");
        byte[] v2 = bytes("throttled_usec 1234\n");
        assertEquals(709_130_292, CpuCgroup.parseLocalThrottledNanos(1, v1, v1.length));
        assertEquals(1_234_000, CpuCgroup.parseLocalThrottledNanos(2, v2, v2.length));
        assertEquals(-1, CpuCgroup.parseLocalThrottledNanos(2, v1, v1.length));
    }

    @Test
    void theCountersToWatchAreTheNearestQuotasOnTheWayUp(@TempDir Path mount) throws Exception {
        Path child = Files.createDirectories(mount.resolve("pod/container/worker"));
        v1Quota(mount, "-1");
        v1Quota(mount.resolve("pod"), "200000");
        v1Quota(mount.resolve("pod/container"), "-1");
        v1Quota(child, "-1");
        CpuCgroup worker = v1("/pod/container/worker", mount);
        assertEquals("/pod", worker.limiting().cgroup().path());
        assertEquals(mount.resolve("pod/cpu.stat"), worker.limiting().statFile());
        assertArrayEquals(new long[] {200_000, 100_000}, worker.limiting().quotaAndPeriod());

        v1Quota(mount.resolve("pod/container"), "50000");
        assertEquals("/pod/container", worker.limiting().cgroup().path(), "the nearer quota");
        v1Quota(child, "10000");
        assertEquals("/pod/container/worker", worker.limiting().cgroup().path(), "its own");
    }

    @Test
    void withNoQuotaAnywhereTheOwnCgroupIsWatched(@TempDir Path mount) throws Exception {
        Path child = Files.createDirectories(mount.resolve("a"));
        Files.writeString(mount.resolve("cpu.max"), "max 100000\n");
        Files.writeString(child.resolve("cpu.max"), "max 100000\n");
        CpuCgroup a = new CpuCgroup(Cgroup.locate("0::/a\n",
                "30 23 0:26 / " + mount + " rw - cgroup2 cgroup2 rw\n", "cpu"));
        assertEquals("/a", a.limiting().cgroup().path());
        assertArrayEquals(new long[] {CpuCgroup.NO_QUOTA, 100_000}, a.quotaAndPeriod());
        Files.delete(child.resolve("cpu.max"));
        assertArrayEquals(new long[] {CpuCgroup.NO_QUOTA, CpuCgroup.UNKNOWN}, a.quotaAndPeriod(),
                "v2 without the controller has no cpu.max: nothing limits it here");
        Files.writeString(mount.resolve("cpu.max"), "30000 100000\n");
        assertEquals("/", a.limiting().cgroup().path());
    }

    @Test
    void anUnreadableQuotaIsUnknownNotNone(@TempDir Path mount) throws Exception {
        Files.createDirectories(mount.resolve("a"));
        Files.writeString(mount.resolve("a/cpu.cfs_quota_us"), "garbage\n");
        Files.createDirectories(mount.resolve("a/cpu.cfs_period_us")); // a directory cannot be read as a file
        assertArrayEquals(new long[] {CpuCgroup.UNKNOWN, CpuCgroup.UNKNOWN}, v1("/a", mount).quotaAndPeriod());
    }

    private static CpuCgroup v1(String path, Path mount) {
        return new CpuCgroup(Cgroup.locate("1:cpu,cpuacct:" + path + "\n",
                "32 31 0:29 / " + mount + " rw - cgroup cgroup rw,cpu,cpuacct\n", "cpu"));
    }

    private static void v1Quota(Path dir, String quota) throws Exception {
        Files.writeString(dir.resolve("cpu.cfs_quota_us"), quota + "\n");
        Files.writeString(dir.resolve("cpu.cfs_period_us"), "100000\n");
    }

    private static boolean parseStat(int version, String text, long[] out) {
        byte[] bytes = bytes(text);
        return CpuCgroup.parseStat(version, bytes, bytes.length, out);
    }

    private static long[] max(String text) {
        long[] out = new long[2];
        byte[] bytes = bytes(text);
        CpuCgroup.parseMax(bytes, bytes.length, out);
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
