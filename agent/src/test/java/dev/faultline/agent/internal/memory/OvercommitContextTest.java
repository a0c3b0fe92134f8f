package dev.faultline.agent.internal.memory;

import dev.faultline.nativebridge.OvercommitMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OvercommitContextTest {
    private static final long GIB = 1L << 30;

    private static OvercommitContext.Figures figures(OvercommitMode mode, long committed, long limit) {
        OvercommitContext.Figures f = new OvercommitContext.Figures();
        f.mode = mode;
        f.committed = committed;
        f.commitLimit = limit;
        f.processAvailable = true;
        f.vmSize = 8 * GIB;
        f.rss = GIB / 2;
        return f;
    }

    @Test
    void heuristicModeSaysTheLimitOnlyBindsInModeNever() {
        String text = OvercommitContext.describe(figures(OvercommitMode.HEURISTIC, 3 * GIB, 12 * GIB));
        assertTrue(text.startsWith("Overcommit mode: heuristic (0). " + OvercommitMode.HEURISTIC.meaning()), text);
        assertTrue(text.contains("Committed_AS 3.0 GiB is 25% of CommitLimit 12.0 GiB (9.0 GiB left)."), text);
        assertTrue(text.contains("CommitLimit binds only in mode never"), text);
    }

    @Test
    void neverModeSaysTheLimitBindsAndWhenItIsReached() {
        String left = OvercommitContext.describe(figures(OvercommitMode.NEVER, 3 * GIB, 4 * GIB));
        assertTrue(left.contains("In mode never this limit binds: an allocation larger than what is left fails"), left);
        String over = OvercommitContext.describe(figures(OvercommitMode.NEVER, 5 * GIB, 4 * GIB));
        assertTrue(over.contains("(1.0 GiB over)"), over);
        assertTrue(over.contains("it is reached: new allocations fail"), over);
    }

    @Test
    void alwaysModeSaysNothingIsRefused() {
        String text = OvercommitContext.describe(figures(OvercommitMode.ALWAYS, 30 * GIB, 4 * GIB));
        assertTrue(text.contains("Overcommit mode: always (1)."), text);
        assertTrue(text.contains("750% of CommitLimit"), text);
        assertTrue(text.contains("in mode always nothing is refused"), text);
    }

    @Test
    void processLineComparesReservedWithResident() {
        String text = OvercommitContext.describe(figures(OvercommitMode.HEURISTIC, GIB, 4 * GIB));
        assertTrue(text.contains("This process: VmSize 8.0 GiB of address space, RSS 512.0 MiB resident (6%)"), text);
    }

    @Test
    void cgroupLimitIsNamedAsTheLimitThatAppliesOnlyWhenThereIsOne() {
        OvercommitContext.Figures f = figures(OvercommitMode.HEURISTIC, GIB, 4 * GIB);
        f.cgroupVersion = 2;
        f.cgroupPath = "/system.slice/app.service";
        String unlimited = OvercommitContext.describe(f);
        assertTrue(unlimited.contains("Memory cgroup v2 /system.slice/app.service: no memory limit set."), unlimited);
        f.cgroupLimit = 2 * GIB;
        f.cgroupUsage = GIB;
        String limited = OvercommitContext.describe(f);
        assertTrue(limited.contains("memory.current 1.0 GiB of memory.max 2.0 GiB (50%)"), limited);
        assertTrue(limited.contains("/proc/meminfo (MemTotal, CommitLimit) shows the host"), limited);
        f.cgroupVersion = 0;
        f.cgroupLimit = -1;
        assertFalse(OvercommitContext.describe(f).contains("cgroup"));
    }

    @Test
    void unknownFiguresAreSaidToBeUnknown() {
        OvercommitContext.Figures f = new OvercommitContext.Figures();
        String text = OvercommitContext.describe(f);
        assertTrue(text.contains("Overcommit mode: unknown"), text);
        assertTrue(text.contains("Committed_AS and CommitLimit: unknown"), text);
        assertTrue(text.contains("VmSize and RSS unknown"), text);
    }
}
