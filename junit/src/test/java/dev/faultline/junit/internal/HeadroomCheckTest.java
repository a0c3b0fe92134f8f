package dev.faultline.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryHeadroom.Bound;

/** {@link HeadroomCheck} on readings as the native bridge gives them; the real cgroup is in MinHeadroomCgroupTest. */
class HeadroomCheckTest {
    private static final long MIB = 1L << 20;
    private static final String LIMIT = "memory.limit_in_bytes 256.0 MiB of the cgroup /ci";

    @Test
    void aHeadroomBelowTheFloorAfterTheTestFailsNamingTheFigureTheBoundAndTheReason() {
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        String figures = HeadroomCheck.check(MinHeadroom.parse("64MiB"), cgroup(200 * MIB), cgroup(41 * MIB), outcome);
        assertEquals("headroomBefore=200.0 MiB (CGROUP_LIMIT) headroomAfter=41.0 MiB (CGROUP_LIMIT)", figures);
        assertEquals("memory budget exceeded in StoreTest.loads: headroom 41.0 MiB after the test is below"
                + " minHeadroom 64.0 MiB (CGROUP_LIMIT binds: " + LIMIT + ")\n"
                + "headroom after the test: " + reason(41 * MIB), new RecordingContext().finish(outcome));
    }

    @Test
    void aHeadroomAtOrAboveTheFloorPasses() {
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("64MiB"), cgroup(200 * MIB), cgroup(64 * MIB), outcome);
        assertNull(new RecordingContext().finish(outcome));
    }

    @Test
    void aHeadroomBelowTheFloorBeforeAndAfterNamesBoth() {
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("1GiB"), cgroup(200 * MIB), cgroup(41 * MIB), outcome);
        assertEquals("memory budget exceeded in StoreTest.loads: headroom 200.0 MiB before the test is below"
                + " minHeadroom 1.0 GiB (CGROUP_LIMIT binds: " + LIMIT + "); headroom 41.0 MiB after the test is below"
                + " minHeadroom 1.0 GiB (CGROUP_LIMIT binds: " + LIMIT + ")\n"
                + "headroom before the test: " + reason(200 * MIB) + "\n"
                + "headroom after the test: " + reason(41 * MIB), new RecordingContext().finish(outcome));
    }

    @Test
    void aPercentageIsOfTheLimitThatBindsInEachReading() {
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("10%"), cgroup(200 * MIB), cgroup(20 * MIB), outcome);
        String message = new RecordingContext().finish(outcome);
        assertEquals("memory budget exceeded in StoreTest.loads: headroom 20.0 MiB after the test is below"
                + " minHeadroom 10% of 256.0 MiB = 25.6 MiB (CGROUP_LIMIT binds: " + LIMIT + ")",
                message.substring(0, message.indexOf('\n')));

        // the system's RAM and swap, once the cgroup's limit no longer binds
        HeadroomReading system = new HeadroomReading(1536 * MIB, Bound.AVAILABLE_MEMORY, 16384 * MIB,
                "MemTotal + SwapTotal 16.0 GiB of the system", "The system has ...", null);
        outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("10%"), system, system, outcome);
        message = new RecordingContext().finish(outcome);
        assertEquals("memory budget exceeded in StoreTest.loads: headroom 1.5 GiB before the test is below"
                + " minHeadroom 10% of 16.0 GiB = 1.6 GiB (AVAILABLE_MEMORY binds: MemTotal + SwapTotal 16.0 GiB of"
                + " the system); headroom 1.5 GiB after the test is below minHeadroom 10% of 16.0 GiB = 1.6 GiB"
                + " (AVAILABLE_MEMORY binds: MemTotal + SwapTotal 16.0 GiB of the system)",
                message.substring(0, message.indexOf('\n')));
    }

    @Test
    void aNegativeHeadroomIsBelowEveryFloor() {
        HeadroomReading commit = new HeadroomReading(-8 * MIB, Bound.COMMIT_LIMIT, 4096 * MIB,
                "CommitLimit 4.0 GiB (overcommit mode 2)", "Overcommit mode 2 (never): ...", null);
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("0%"), commit, commit, outcome);
        String message = new RecordingContext().finish(outcome);
        assertEquals("memory budget exceeded in StoreTest.loads: headroom -8.0 MiB before the test is below"
                + " minHeadroom 0% of 4.0 GiB = 0 B (COMMIT_LIMIT binds: CommitLimit 4.0 GiB (overcommit mode 2));"
                + " headroom -8.0 MiB after the test is below minHeadroom 0% of 4.0 GiB = 0 B (COMMIT_LIMIT binds:"
                + " CommitLimit 4.0 GiB (overcommit mode 2))", message.substring(0, message.indexOf('\n')));
    }

    @Test
    void anUnreadableHeadroomFailsByDefaultSayingWhyAndHowToRunUnchecked() {
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        assertEquals("", HeadroomCheck.check(MinHeadroom.parse("64MiB"), cgroup(200 * MIB), unreadable(), outcome));
        assertEquals("memory budget of StoreTest.loads cannot be measured here: the memory headroom cannot be read:"
                + " no cgroup (set the configuration parameter faultline.budgets.unavailable=warn to run such tests"
                + " unchecked)", new RecordingContext().finish(outcome));
    }

    @Test
    void anUnreadableHeadroomUnderTheWarnPolicyLeavesTheTestsOutcomeWithANotice() {
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.WARN);
        HeadroomCheck.check(MinHeadroom.parse("64MiB"), unreadable(), unreadable(), outcome);
        RecordingContext context = new RecordingContext();
        assertNull(context.finish(outcome));
        assertEquals(List.of("faultline.budget.notChecked=memory budget of StoreTest.loads not checked: the memory"
                + " headroom cannot be read: no cgroup"), context.entries);
    }

    @Test
    void aPercentageCannotBeSizedWhereTheLimitCannotBeRead() {
        HeadroomReading system = new HeadroomReading(1536 * MIB, Bound.AVAILABLE_MEMORY, -1,
                "MemTotal + SwapTotal (unreadable) of the system", "The system has ...", null);
        Outcome outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("10%"), system, system, outcome);
        assertEquals("memory budget of StoreTest.loads cannot be measured here: minHeadroom 10% cannot be sized: the"
                + " limit behind AVAILABLE_MEMORY (MemTotal + SwapTotal (unreadable) of the system) cannot be read"
                + " (set the configuration parameter faultline.budgets.unavailable=warn to run such tests unchecked)",
                new RecordingContext().finish(outcome));

        outcome = new Outcome("StoreTest.loads", UnavailablePolicy.FAIL);
        HeadroomCheck.check(MinHeadroom.parse("2GiB"), system, system, outcome); // a size needs no limit
        String message = new RecordingContext().finish(outcome);
        assertTrue(message.startsWith("memory budget exceeded in StoreTest.loads: headroom 1.5 GiB before the test is"
                + " below minHeadroom 2.0 GiB (AVAILABLE_MEMORY binds: "), message);
    }

    private static HeadroomReading cgroup(long bytes) {
        return new HeadroomReading(bytes, Bound.CGROUP_LIMIT, 256 * MIB, LIMIT, reason(bytes), null);
    }

    private static String reason(long bytes) {
        return "The cgroup /ci may be charged " + ByteSize.format(bytes) + " more (...)";
    }

    private static HeadroomReading unreadable() {
        return new HeadroomReading(MemoryHeadroom.NOT_APPLICABLE, Bound.UNKNOWN, -1, null, null,
                "the memory headroom cannot be read: no cgroup");
    }
}
