package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.BindingLimit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryHeadroomTest {
    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;
    private static final BindingLimit NONE = new BindingLimit(ContainerMemory.NO_LIMIT, -1, null);

    private static BindingLimit limit(long limit, long usage, String path) {
        return new BindingLimit(limit, usage, path);
    }

    @Test
    void aCgroupLimitBelowWhatTheSystemHasBindsWithTheRoomUnderIt() {
        MemoryHeadroom h = MemoryHeadroom.decide(1, limit(256 * MIB, 100 * MIB, "/job"), NONE, 0, 20 * GIB,
                OvercommitMode.HEURISTIC, 12 * GIB, 1 * GIB);
        assertEquals(MemoryHeadroom.Bound.CGROUP_LIMIT, h.bound());
        assertEquals(156 * MIB, h.bytes());
        assertEquals(MemoryHeadroom.NOT_APPLICABLE, h.commitRoom(), "mode 0 does not refuse");
        assertEquals(20 * GIB, h.availableRoom());
        assertTrue(h.reason().contains("/job") && h.reason().contains("156.0 MiB") && h.reason().contains("no swap"),
                h.reason());
    }

    @Test
    void theLimitThatBindsGivesTheHeadroomItsSizeAndFraction() {
        MemoryHeadroom cgroup = MemoryHeadroom.decide(1, limit(256 * MIB, 192 * MIB, "/job"), NONE, 0, 20 * GIB,
                OvercommitMode.HEURISTIC, 12 * GIB, 1 * GIB, 24 * GIB, 0);
        assertEquals(256 * MIB, cgroup.limit());
        assertEquals(0.25, cgroup.fraction(), 1e-9);
        MemoryHeadroom memsw = MemoryHeadroom.decide(1, limit(256 * MIB, 200 * MIB, "/job"),
                limit(300 * MIB, 210 * MIB, "/job"), 4 * GIB, 20 * GIB, OvercommitMode.HEURISTIC, -1, -1, 24 * GIB, 4 * GIB);
        assertEquals(300 * MIB, memsw.limit(), "memory plus swap: its own limit");
        MemoryHeadroom commit = MemoryHeadroom.decide(0, null, null, 0, 20 * GIB, OvercommitMode.NEVER, 12 * GIB,
                9 * GIB, 24 * GIB, 0);
        assertEquals(12 * GIB, commit.limit());
        assertEquals(0.25, commit.fraction(), 1e-9);
        MemoryHeadroom system = MemoryHeadroom.decide(0, null, null, 1 * GIB, 5 * GIB, OvercommitMode.HEURISTIC, -1, -1,
                20 * GIB, 4 * GIB);
        assertEquals(24 * GIB, system.limit(), "MemTotal plus SwapTotal");
        assertEquals(0.25, system.fraction(), 1e-9);
        MemoryHeadroom unknownSize = MemoryHeadroom.decide(0, null, null, 1 * GIB, 5 * GIB, OvercommitMode.HEURISTIC,
                -1, -1);
        assertEquals(MemoryHeadroom.NOT_APPLICABLE, unknownSize.limit());
        assertEquals(-1, unknownSize.fraction());
    }

    @Test
    void inOvercommitModeTwoTheCommitLimitBindsWhenItIsNearer() {
        MemoryHeadroom h = MemoryHeadroom.decide(2, limit(4 * GIB, 1 * GIB, "/app"), NONE, 0, 20 * GIB,
                OvercommitMode.NEVER, 12 * GIB, 11 * GIB);
        assertEquals(MemoryHeadroom.Bound.COMMIT_LIMIT, h.bound());
        assertEquals(1 * GIB, h.bytes());
        assertEquals(3 * GIB, h.cgroupRoom());
        assertTrue(h.reason().contains("ENOMEM"), h.reason());
        MemoryHeadroom over = MemoryHeadroom.decide(0, null, null, 0, 20 * GIB, OvercommitMode.NEVER, 12 * GIB, 13 * GIB);
        assertEquals(-1 * GIB, over.bytes(), "more committed than the limit: negative, not clamped to 0");
    }

    @Test
    void withoutACgroupLimitTheSystemsAvailableMemoryAndSwapBind() {
        MemoryHeadroom h = MemoryHeadroom.decide(1, NONE, NONE, 2 * GIB, 5 * GIB, OvercommitMode.HEURISTIC, -1, -1);
        assertEquals(MemoryHeadroom.Bound.AVAILABLE_MEMORY, h.bound());
        assertEquals(7 * GIB, h.bytes());
        assertEquals(MemoryHeadroom.NOT_APPLICABLE, h.cgroupRoom());
        assertTrue(h.reason().contains("oom_score"), h.reason());
    }

    @Test
    void swapCountsUnderACgroupLimitUpToV1sMemswLimitOrV2sSwapMax() {
        // v1: 256 MiB of memory, 300 MiB of memory plus swap, 4 GiB of swap free: memsw binds
        MemoryHeadroom v1 = MemoryHeadroom.decide(1, limit(256 * MIB, 200 * MIB, "/job"),
                limit(300 * MIB, 210 * MIB, "/job"), 4 * GIB, 20 * GIB, OvercommitMode.HEURISTIC, -1, -1);
        assertEquals(MemoryHeadroom.Bound.CGROUP_MEMORY_AND_SWAP_LIMIT, v1.bound());
        assertEquals(90 * MIB, v1.bytes());
        // v1 with a memsw limit above limit + free swap: memory binds, with all free swap
        MemoryHeadroom v1Loose = MemoryHeadroom.decide(1, limit(256 * MIB, 200 * MIB, "/job"),
                limit(8 * GIB, 200 * MIB, "/job"), 100 * MIB, 20 * GIB, OvercommitMode.HEURISTIC, -1, -1);
        assertEquals(MemoryHeadroom.Bound.CGROUP_LIMIT, v1Loose.bound());
        assertEquals(156 * MIB, v1Loose.bytes());
        // v2: swap.max 64 MiB of which 16 used, 4 GiB free on the system: 48 MiB of swap counts
        MemoryHeadroom v2 = MemoryHeadroom.decide(2, limit(256 * MIB, 200 * MIB, "/app"),
                limit(64 * MIB, 16 * MIB, "/app"), 4 * GIB, 20 * GIB, OvercommitMode.HEURISTIC, -1, -1);
        assertEquals(MemoryHeadroom.Bound.CGROUP_LIMIT, v2.bound());
        assertEquals(104 * MIB, v2.bytes());
        assertTrue(v2.reason().contains("memory.swap.max"), v2.reason());
    }

    @Test
    void nothingReadableIsUnknownNotZero() {
        MemoryHeadroom h = MemoryHeadroom.decide(0, null, null, -1, -1, null, -1, -1);
        assertEquals(MemoryHeadroom.Bound.UNKNOWN, h.bound());
        assertEquals(MemoryHeadroom.NOT_APPLICABLE, h.bytes());
    }
}
