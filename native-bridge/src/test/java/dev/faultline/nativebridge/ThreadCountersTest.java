package dev.faultline.nativebridge;

import dev.faultline.nativebridge.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCountersTest {
    private static final int PAGES = 4096;

    @Test
    void touchingFreshPagesCountsOneMinorFaultEachOnThisThread() {
        ThreadCounters delta = touchPagesAndMeasure();
        assertTrue(delta.available(), () -> "unavailable: " + ThreadCounters.unavailableReason());
        assertWithinPercent(PAGES, delta.minorFaults(), 1, "minor faults for " + PAGES + " touched pages: " + delta);
        assertEquals(0, delta.majorFaults(), "anonymous memory never needs I/O: " + delta);
    }

    @Test
    void quickCountsTheSameFaultsWithoutRunQueueWait() {
        try (ScratchMapping mapping = ScratchMapping.map(PAGES * ScratchMapping.PAGE)) {
            ThreadCounters before = ThreadCounters.quick();
            mapping.touch(0, mapping.length);
            ThreadCounters delta = ThreadCounters.quick().minus(before);

            assertWithinPercent(PAGES, delta.minorFaults(), 1, "minor faults for " + PAGES + " touched pages: " + delta);
            assertEquals(-1, ThreadCounters.quick().runQueueWaitNanos());
            assertEquals(-1, delta.runQueueWaitNanos());
        }
    }

    @Test
    void anotherThreadsTouchingDoesNotShowInThisThreadsCounters() throws Exception {
        AtomicReference<ThreadCounters> theirs = new AtomicReference<>();
        ThreadCounters before = ThreadCounters.now();
        Thread other = new Thread(() -> theirs.set(touchPagesAndMeasure()), "toucher");
        other.start();
        other.join();
        ThreadCounters mine = ThreadCounters.now().minus(before);
        assertNotNull(theirs.get(), "the other thread failed");
        assertWithinPercent(PAGES, theirs.get().minorFaults(), 1, "the touching thread's own faults: " + theirs.get());
        assertTrue(mine.minorFaults() < PAGES / 100,
                "this thread only waited, yet counted " + mine.minorFaults() + " faults: " + mine);
    }

    @Test
    void cpuTimeGrowsByTheTimeThisThreadSpentOnTheCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadCounters before = ThreadCounters.now();
        long jvmBefore = threads.getCurrentThreadCpuTime(); // clock_gettime(CLOCK_THREAD_CPUTIME_ID)
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() - jvmBefore < 200_000_000L) { // a system call: ask seldom
            for (int i = 0; i < 1_000_000; i++) {
                spin += spin * 31 + 7;
            }
        }
        long jvmSpent = threads.getCurrentThreadCpuTime() - jvmBefore;
        ThreadCounters delta = ThreadCounters.now().minus(before);
        assertTrue(spin != 1, "keeps the loop");
        long slack = 10_000_000L; // getrusage splits the same clock into user/system, to the microsecond
        assertTrue(Math.abs(delta.cpuNanos() - jvmSpent) < slack,
                "getrusage says " + delta.cpuNanos() + " ns on the CPU, the JVM's thread clock " + jvmSpent + ": " + delta);
        assertTrue(delta.userCpuNanos() > delta.systemCpuNanos(), "a pure Java loop runs in user mode: " + delta);
    }

    @Test
    void sleepingCountsOneVoluntarySwitchEachAsTheKernelDoes() throws Exception {
        String status = "/proc/thread-self/status";
        // The first calls load classes and start the Cleaner's thread, which may wait: not in the window.
        GroundTruth.value(status, "voluntary_ctxt_switches");
        ThreadCounters.now();
        ThreadCounters before = ThreadCounters.now();
        long kernelBefore = GroundTruth.value(status, "voluntary_ctxt_switches");
        for (int i = 0; i < 20; i++) {
            Thread.sleep(2);
        }
        long kernelDelta = GroundTruth.value(status, "voluntary_ctxt_switches") - kernelBefore;
        ThreadCounters delta = ThreadCounters.now().minus(before);
        assertTrue(delta.voluntarySwitches() >= 20, "20 sleeps: " + delta);
        assertTrue(delta.voluntarySwitches() >= kernelDelta && delta.voluntarySwitches() - kernelDelta <= 2,
                "getrusage " + delta.voluntarySwitches() + " vs status " + kernelDelta);
    }

    @Test
    void runQueueWaitIsThisThreadsSchedstatEvenOnALaterThread() throws Exception {
        ThreadCounters.now(); // this thread opens its schedstat first
        AtomicReference<String> failure = new AtomicReference<>("did not run");
        Thread later = new Thread(() -> failure.set(checkRunQueueWaitAgainstSchedstat()), "later");
        later.start();
        later.join();
        assertEquals(null, failure.get());
        assertEquals(null, checkRunQueueWaitAgainstSchedstat());
    }

    @Test
    void withoutLibcEveryCounterIsZeroAndNothingThrows() {
        ForkedJvm.Result result = ForkedJvm.run(WithoutNativesProbe.class, List.of("-Dfaultline.native=false"));
        List<String> lines = result.lines();
        assertTrue(lines.contains("threw=nothing"), result.toString());
        assertTrue(lines.contains("thread.available=false"), result.toString());
        assertTrue(lines.contains("thread.sum=0"), result.toString());
        assertTrue(lines.contains("thread.runq=-1"), result.toString());
        assertTrue(lines.contains("thread.delta.available=false"), result.toString());
        assertTrue(lines.contains("thread.string=ThreadCounters[unavailable]"), result.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("thread.reason=") && l.contains("faultline.native=false")),
                result.toString());
    }

    @Test
    void aDeltaSubtractsEachCounter() {
        ThreadCounters first = ThreadCounters.now();
        ThreadCounters second = ThreadCounters.now();
        ThreadCounters delta = second.minus(first);
        assertEquals(second.minorFaults() - first.minorFaults(), delta.minorFaults());
        assertEquals(second.userCpuNanos() - first.userCpuNanos(), delta.userCpuNanos());
        assertEquals(second.involuntarySwitches() - first.involuntarySwitches(), delta.involuntarySwitches());
        assertEquals(second.runQueueWaitNanos() - first.runQueueWaitNanos(), delta.runQueueWaitNanos());
        assertFalse(delta.toString().isEmpty());
    }

    /** Reads run-queue wait, then the kernel's figure for the same thread; {@code null} when they agree. */
    private static String checkRunQueueWaitAgainstSchedstat() {
        try {
            long ours = ThreadCounters.now().runQueueWaitNanos();
            long kernel = GroundTruth.field("/proc/thread-self/schedstat", 1);
            String thread = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            if (ours < 0 || ours > kernel || kernel - ours > 50_000_000L) {
                return Thread.currentThread().getName() + " (" + thread + "): ours " + ours + " ns, kernel " + kernel;
            }
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static ThreadCounters touchPagesAndMeasure() {
        try (ScratchMapping mapping = ScratchMapping.map(PAGES * ScratchMapping.PAGE)) {
            ThreadCounters before = ThreadCounters.now();
            mapping.touch(0, mapping.length);
            return ThreadCounters.now().minus(before);
        }
    }

    private static void assertWithinPercent(long expected, long actual, double percent, String message) {
        assertTrue(Math.abs(actual - expected) <= expected * percent / 100,
                message + " (expected " + expected + " within " + percent + "%, was " + actual + ")");
    }
}
