package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import dev.faultline.nativebridge.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemMemoryTest {
    private static final String MEMINFO = "/proc/meminfo";
    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;
    private static final long TOLERANCE = 64 * MIB;

    @Test
    void meminfoFiguresAreProcMeminfoInBytes() {
        SystemMemory ours = SystemMemory.now();
        assertTrue(ours.available());
        assertEquals(GroundTruth.kbAsBytes(MEMINFO, "MemTotal"), ours.memTotal(), "MemTotal");
        assertEquals(GroundTruth.kbAsBytes(MEMINFO, "CommitLimit"), ours.commitLimit(), "CommitLimit");
        assertEquals(GroundTruth.kbAsBytes(MEMINFO, "SwapTotal"), ours.swapTotal(), "SwapTotal");
        assertEquals(ours.commitLimit() - ours.committed(), ours.commitHeadroom());
        // system-wide figures that any process moves: ours must lie between two kernel reads around it
        assertBracketed("MemAvailable", SystemMemory::memAvailable);
        assertBracketed("SwapFree", SystemMemory::swapFree);
        assertBracketed("Committed_AS", SystemMemory::committed);
    }

    /**
     * Reads the kernel's {@code key}, then ours, then the kernel's again, until the two kernel
     * reads agree within the tolerance (a moment when no other process moved the figure; up
     * to 50 tries), and checks ours against them.
     */
    private static void assertBracketed(String key, java.util.function.ToLongFunction<SystemMemory> ours) {
        String last = "never a quiet moment";
        for (int attempt = 0; attempt < 50; attempt++) {
            long before = GroundTruth.kbAsBytes(MEMINFO, key);
            long value = ours.applyAsLong(SystemMemory.now());
            long after = GroundTruth.kbAsBytes(MEMINFO, key);
            last = key + ": kernel " + before + " then ours " + value + " then kernel " + after;
            if (Math.abs(after - before) <= TOLERANCE) {
                assertTrue(value >= Math.min(before, after) - TOLERANCE && value <= Math.max(before, after) + TOLERANCE,
                        last);
                return;
            }
        }
        throw new AssertionError(key + " changed by more than " + TOLERANCE + " bytes between every pair of reads: "
                + last);
    }

    @Test
    void overcommitSettingsAreProcSysVm() {
        SystemMemory ours = SystemMemory.now();
        assertNotNull(ours.overcommitMode());
        assertEquals(GroundTruth.field("/proc/sys/vm/overcommit_memory", 0), ours.overcommitMode().value());
        assertEquals(GroundTruth.field("/proc/sys/vm/overcommit_ratio", 0), ours.overcommitRatio());
        assertEquals(GroundTruth.field("/proc/sys/vm/overcommit_kbytes", 0) * 1024, ours.overcommitBytes());
        assertTrue(ours.overcommitMode().meaning().endsWith("."));
    }

    @Test
    void withoutLibcTheFiguresStillReadInFull() {
        ForkedJvm.Result result = ForkedJvm.run(WithoutNativesProbe.class, List.of("-Dfaultline.native=false"));
        List<String> lines = result.lines();
        assertTrue(lines.contains("threw=nothing"), result.toString());
        assertTrue(lines.contains("system.available=true"), result.toString());
        assertTrue(lines.contains("system.memTotal=" + GroundTruth.kbAsBytes(MEMINFO, "MemTotal")), result.toString());
        assertTrue(lines.contains("system.overcommitRatio=" + GroundTruth.field("/proc/sys/vm/overcommit_ratio", 0)),
                "a sysctl must be read in one piece: " + result);
        assertTrue(lines.contains("system.overcommitMode=" + SystemMemory.now().overcommitMode()), result.toString());
    }

    @Test
    void aPrivateWritableGigabyteMappingRaisesCommittedByAGigabyte() {
        OvercommitMode mode = SystemMemory.now().overcommitMode();
        assertCommitCharge(0, GIB, mode);
    }

    @Test
    void aNoReserveMappingIsChargedOnlyWhenTheModeIsNever() {
        OvercommitMode mode = SystemMemory.now().overcommitMode();
        long expected = mode == OvercommitMode.NEVER ? GIB : 0; // NEVER ignores MAP_NORESERVE
        assertCommitCharge(LibC.MAP_NORESERVE, expected, mode);
    }

    @Test
    void theCgroupIsTheOneProcSelfCgroupNames() {
        SystemMemory ours = SystemMemory.now();
        String v1 = null;
        String v2 = null;
        for (String line : GroundTruth.read("/proc/self/cgroup").split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2 = parts[2];
            } else if (("," + parts[1] + ",").contains(",memory,")) {
                v1 = parts[2];
            }
        }
        if (v1 != null && Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) {
            assertEquals(1, ours.cgroupVersion(), ours.toString());
            assertEquals(v1, ours.cgroupPath());
            Path dir = Path.of("/sys/fs/cgroup/memory" + v1);
            long own = GroundTruth.field(dir.resolve("memory.limit_in_bytes").toString(), 0);
            assertLimitHonoursOwn(ours, own >= 1L << 62 ? -1 : own);
            assertClose(GroundTruth.field(dir.resolve("memory.usage_in_bytes").toString(), 0), ours.cgroupUsage(),
                    "memory.usage_in_bytes");
        } else if (v2 != null) {
            assertEquals(2, ours.cgroupVersion(), ours.toString());
            assertEquals(v2, ours.cgroupPath());
            Path dir = Path.of("/sys/fs/cgroup" + v2);
            if (Files.exists(dir.resolve("memory.max"))) {
                String max = GroundTruth.read(dir.resolve("memory.max").toString()).trim();
                assertLimitHonoursOwn(ours, max.equals("max") ? -1 : Long.parseLong(max));
                assertClose(GroundTruth.field(dir.resolve("memory.current").toString(), 0), ours.cgroupUsage(),
                        "memory.current");
            }
        } else {
            assertEquals(0, ours.cgroupVersion(), ours.toString());
            assertEquals(-1, ours.cgroupLimit());
        }
    }

    @Test
    void touching64MiBRaisesTheCgroupUsageBy64MiB() {
        SystemMemory now = SystemMemory.now();
        if (now.cgroupUsage() < 0) { // only the root cgroup, or none, has no usage to read
            assertTrue(now.cgroupVersion() == 0 || "/".equals(now.cgroupPath()), "usage unreadable: " + now);
            return;
        }
        long size = 64 * MIB;
        String failure = null;
        for (int attempt = 0; attempt < 3; attempt++) { // other processes in the cgroup move it too
            try (ScratchMapping mapping = ScratchMapping.map(size)) {
                long before = SystemMemory.now().cgroupUsage();
                mapping.touch(0, size);
                long rise = SystemMemory.now().cgroupUsage() - before;
                failure = Math.abs(rise - size) <= 8 * MIB ? null : "cgroup usage rose by " + rise + ", not " + size;
            }
            if (failure == null) {
                return;
            }
        }
        throw new AssertionError(failure);
    }

    /** Ours is the smallest limit on the way up: never above the cgroup's own, equal when none is set above. */
    private static void assertLimitHonoursOwn(SystemMemory ours, long own) {
        if (own >= 0) {
            assertTrue(ours.cgroupLimit() >= 0 && ours.cgroupLimit() <= own, "own limit " + own + ": " + ours);
        } else {
            assertTrue(ours.cgroupLimit() == -1 || ours.cgroupLimit() > 0, ours.toString());
        }
    }

    /**
     * Maps 1 GiB with {@code flags} and checks how much Committed_AS rose; other processes
     * change it too, so the best of three tries counts. In NEVER mode a mapping that does
     * not fit under CommitLimit must fail with ENOMEM instead.
     */
    private static void assertCommitCharge(int flags, long expected, OvercommitMode mode) {
        long bestError = Long.MAX_VALUE;
        long lastRise = 0;
        for (int attempt = 0; attempt < 3 && bestError > TOLERANCE; attempt++) {
            SystemMemory before = SystemMemory.now();
            ScratchMapping mapping = ScratchMapping.tryMap(GIB, flags);
            if (mapping == null) {
                int errno = Natives.errno();
                assertEquals(OvercommitMode.NEVER, mode, "mmap failed outside NEVER mode: " + Natives.strerror(errno));
                assertTrue(before.commitHeadroom() < GIB,
                        "NEVER mode refused 1 GiB with " + before.commitHeadroom() + " bytes of headroom");
                return;
            }
            try {
                lastRise = SystemMemory.now().committed() - before.committed();
            } finally {
                mapping.close();
            }
            bestError = Math.min(bestError, Math.abs(lastRise - expected));
        }
        assertTrue(bestError <= TOLERANCE, "mode " + mode + ", flags " + flags + ": Committed_AS rose by "
                + lastRise + ", expected " + expected + " (best error " + bestError + ")");
    }

    private static void assertClose(long expected, long actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE,
                what + ": ours " + actual + ", kernel " + expected);
    }
}
