package dev.faultline.nativebridge;

import dev.faultline.nativebridge.testing.TalkingJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CpuThrottling} in a real cgroup with a quota of a fifth of a CPU (20 ms every
 * 100 ms), read by a forked JVM that spins inside it for a second, checked against the
 * cgroup's own {@code cpu.stat} as the kernel writes it. Needs root and a cpu controller;
 * skipped, saying why, without them.
 */
class CpuThrottlingCgroupTest {
    private static final long QUOTA = 20_000;
    private static final long PERIOD = 100_000;
    private static final long SPIN_MILLIS = 1_000;
    private static final long MS = 1_000_000;

    @Test
    void aFifthOfACpuThrottlesASpinningProcessAndTheReaderCountsItAsTheKernelDoes() throws Exception {
        try (ScratchCgroup cgroup = ScratchCgroup.v1()) {
            spinUnderItsOwnQuota(cgroup);
        }
    }

    @Test
    void aFifthOfACpuThrottlesASpinningProcessInCgroupV2Too() throws Exception {
        try (ScratchCgroup cgroup = ScratchCgroup.v2()) {
            spinUnderItsOwnQuota(cgroup);
        }
    }

    private static void spinUnderItsOwnQuota(ScratchCgroup cgroup) throws Exception {
        cgroup.limit(QUOTA, PERIOD);
        Map<String, Long> fresh = cgroup.stat();
        assertEquals(0L, fresh.get("nr_throttled"), "a new cgroup: " + fresh);
        try (TalkingJvm jvm = spin(cgroup)) {
            assertEquals("true", jvm.value("snapshot.available"), jvm.toString());
            assertEquals(cgroup.version, jvm.number("snapshot.version"));
            assertEquals(cgroup.path, jvm.value("snapshot.path"));
            assertEquals(cgroup.path, jvm.value("snapshot.quotaPath"));
            assertEquals(QUOTA, jvm.number("snapshot.quota"), "the quota the test wrote");
            assertEquals(PERIOD, jvm.number("snapshot.period"), "the period the test wrote");

            Map<String, Long> kernel = cgroup.stat(); // the JVM idles now: nothing more is throttled
            assertCountedAsTheKernelDoes(jvm, kernel, cgroup.throttledNanos(kernel));
        }
    }

    @Test
    void underAParentsQuotaTheParentsCountersAreReadBecauseTheChildsOwnStayAtZero() throws Exception {
        try (ScratchCgroup parent = ScratchCgroup.v1()) {
            parent.limit(QUOTA, PERIOD);
            ScratchCgroup child = parent.child("worker");
            try (TalkingJvm jvm = spin(child)) {
                assertEquals(child.path, jvm.value("snapshot.path"));
                assertEquals(parent.path, jvm.value("snapshot.quotaPath"), "the nearest cgroup with a quota");
                assertEquals(QUOTA, jvm.number("snapshot.quota"));

                Map<String, Long> kernel = parent.stat();
                long parentThrottled = parent.throttledNanos(kernel);
                assertCountedAsTheKernelDoes(jvm, kernel, parentThrottled);
                Map<String, Long> own = child.stat();
                assertEquals(0L, own.get("nr_throttled"), "cpu.stat counts only throttling by the cgroup's own quota: "
                        + own);
                assertEquals(0L, child.throttledNanos(own));

                Map<String, Long> local = child.localStat();
                if (!local.isEmpty()) { // Linux 6.6 and later
                    long ownThrottled = child.version == 2 ? local.get("throttled_usec") * 1000
                            : local.get("throttled_time");
                    assertTrue(ownThrottled > 0 && ownThrottled <= parentThrottled,
                            "cpu.stat.local counts the parent's throttling of this child: " + local);
                    long reported = jvm.number("later.localThrottledNanos");
                    assertTrue(reported > 0 && reported <= ownThrottled, "local " + reported + " then kernel "
                            + ownThrottled + "\n" + jvm);
                } else {
                    assertEquals(-1, jvm.number("later.localThrottledNanos"), "no cpu.stat.local: -1\n" + jvm);
                }
            }
        }
    }

    @Test
    void aCgroupRemovedWhileItIsReadIsUnavailableAndLeavesTheArrayAlone() throws Exception {
        try (ScratchCgroup cgroup = ScratchCgroup.v1()) {
            cgroup.limit(QUOTA, PERIOD);
            try (TalkingJvm jvm = TalkingJvm.start(ThrottledSpinProgram.class, cgroup.directory.toString(),
                    cgroup.mount.toString(), "0")) {
                jvm.awaitLine("spun", 60);
                assertEquals("true", jvm.value("after.ok"), jvm.toString());
                jvm.send("leave");
                jvm.awaitLine("left", 30);
                Files.delete(cgroup.directory); // rmdir, with the descriptor still open in the JVM
                jvm.send("read");
                assertEquals(0, jvm.awaitExit(30), jvm.toString());
                assertEquals("false", jvm.value("removed.ok"), jvm.toString());
                assertEquals("[7, 7, 7]", jvm.value("removed.array"), "untouched");
                // now() looks again and finds the cgroup the process was moved to
                assertEquals("true", jvm.value("removed.available"), jvm.toString());
                assertEquals("/", jvm.value("removed.path"));
                assertEquals(CpuThrottling.NO_QUOTA, jvm.number("removed.quota"));
            }
        }
    }

    /** Starts the program in {@code cgroup}, and waits until it has spun and read the counters again. */
    private static TalkingJvm spin(ScratchCgroup cgroup) throws Exception {
        TalkingJvm jvm = TalkingJvm.start(ThrottledSpinProgram.class, cgroup.directory.toString(),
                cgroup.mount.toString(), Long.toString(SPIN_MILLIS));
        try {
            jvm.awaitLine("spun", 60);
            assertEquals("true", jvm.value("libc"), "readInto must take its pread path:\n" + jvm);
            assertEquals("true", jvm.value("before.ok"), jvm.toString());
            assertEquals("true", jvm.value("after.ok"), jvm.toString());
            return jvm;
        } catch (Throwable t) {
            jvm.close();
            throw t;
        }
    }

    /**
     * The spin was throttled about four periods in five, and what the JVM read before and
     * after it lies between the fresh cgroup's zeros and the kernel's figures read while
     * the JVM idles afterwards, within a period of them.
     */
    private static void assertCountedAsTheKernelDoes(TalkingJvm jvm, Map<String, Long> kernel, long kernelThrottled) {
        String where = "kernel " + kernel + "\n" + jvm;
        long beforeThrottled = jvm.number("before.throttledPeriods");
        long afterThrottled = jvm.number("after.throttledPeriods");
        long beforeNanos = jvm.number("before.throttledNanos");
        long afterNanos = jvm.number("after.throttledNanos");
        long spun = jvm.number("spin.nanos");
        int cpus = Runtime.getRuntime().availableProcessors();

        assertTrue(afterThrottled - beforeThrottled >= 5,
                "a 1 s spin at 20 % of a CPU spans ~10 periods, most of them throttled: " + where);
        assertTrue(afterNanos - beforeNanos >= 400 * MS,
                "about 0.8 s of each 1 s spent throttled: " + where);
        assertTrue(afterNanos - beforeNanos <= spun * cpus + PERIOD * 1000 * cpus,
                "throttled time is summed over CPUs, no more than the spin's wall time on each: " + where);
        assertTrue(jvm.number("after.periods") >= afterThrottled, where);

        assertTrue(beforeThrottled >= 0 && beforeThrottled <= afterThrottled, where);
        assertTrue(afterThrottled <= kernel.get("nr_throttled") && kernel.get("nr_throttled") <= afterThrottled + 1,
                "nr_throttled as the kernel counts it, the JVM's read within a period of the file's: " + where);
        assertTrue(afterNanos <= kernelThrottled && kernelThrottled <= afterNanos + PERIOD * 1000 * cpus,
                "throttled time in ns as the kernel counts it: " + where);
        assertTrue(jvm.number("after.periods") <= kernel.get("nr_periods"), where);
        assertTrue(afterThrottled <= jvm.number("later.throttledPeriods")
                && jvm.number("later.throttledPeriods") <= kernel.get("nr_throttled"),
                "the snapshot after the spin reads the same counters: " + where);
    }
}
