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
    void quickIntoCountsTheTouchedPagesInItsSlotsWithoutASnapshot() throws Exception {
        try (ScratchMapping mapping = ScratchMapping.map(PAGES * ScratchMapping.PAGE)) {
            long[] before = new long[ThreadCounters.SLOTS];
            long[] after = new long[ThreadCounters.SLOTS];
            long[] procBefore = new long[ThreadCounters.SLOTS];
            long[] procAfter = new long[ThreadCounters.SLOTS];
            assertEquals(ThreadCounters.READ_GETRUSAGE, ThreadCounters.quickInto(before));
            assertEquals(ThreadCounters.READ_PROCFS, ThreadCounters.procfsInto(procBefore));
            mapping.touch(0, mapping.length);
            Thread.sleep(2);
            assertEquals(ThreadCounters.READ_PROCFS, ThreadCounters.procfsInto(procAfter));
            assertEquals(ThreadCounters.READ_GETRUSAGE, ThreadCounters.quickInto(after));

            long minor = after[ThreadCounters.MINOR_FAULTS] - before[ThreadCounters.MINOR_FAULTS];
            assertWithinPercent(PAGES, minor, 1, "minor faults for " + PAGES + " touched pages");
            assertEquals(0, after[ThreadCounters.MAJOR_FAULTS] - before[ThreadCounters.MAJOR_FAULTS]);
            assertTrue(after[ThreadCounters.VOLUNTARY_SWITCHES] > before[ThreadCounters.VOLUNTARY_SWITCHES],
                    "the sleep is a voluntary switch");
            assertTrue(after[ThreadCounters.USER_CPU_NANOS] + after[ThreadCounters.SYSTEM_CPU_NANOS]
                    > before[ThreadCounters.USER_CPU_NANOS] + before[ThreadCounters.SYSTEM_CPU_NANOS], "touching costs CPU");
            // the procfs window lies inside the getrusage one
            long procMinor = procAfter[ThreadCounters.MINOR_FAULTS] - procBefore[ThreadCounters.MINOR_FAULTS];
            assertTrue(procMinor <= minor && minor - procMinor < 64, "procfs " + procMinor + " vs getrusage " + minor);
            // the same slots as the snapshot API
            ThreadCounters snapshot = ThreadCounters.quick();
            long[] again = new long[ThreadCounters.SLOTS];
            ThreadCounters.quickInto(again);
            assertTrue(again[ThreadCounters.MINOR_FAULTS] >= snapshot.minorFaults()
                    && again[ThreadCounters.MINOR_FAULTS] - snapshot.minorFaults() < 64);
            assertEquals(snapshot.majorFaults(), again[ThreadCounters.MAJOR_FAULTS]);
        }
    }

    @Test
    void procfsCountsTheSameFaultsAndSwitchesAsGetrusage() throws Exception {
        try (ScratchMapping mapping = ScratchMapping.map(PAGES * ScratchMapping.PAGE)) {
            ThreadCounters procBefore = ThreadCounters.fromProcfs();
            ThreadCounters rusageBefore = ThreadCounters.quick();
            mapping.touch(0, mapping.length);
            for (int i = 0; i < 10; i++) {
                Thread.sleep(2);
            }
            ThreadCounters rusage = ThreadCounters.quick().minus(rusageBefore);
            ThreadCounters proc = ThreadCounters.fromProcfs().minus(procBefore);

            assertTrue(procBefore.isFromProcfs() && !rusageBefore.isFromProcfs(), procBefore + " " + rusageBefore);
            assertTrue(proc.available(), proc.toString());
            assertWithinPercent(PAGES, proc.minorFaults(), 1, "procfs minor faults for " + PAGES + " pages: " + proc);
            assertEquals(0, proc.majorFaults(), proc.toString());
            // the procfs window holds the getrusage one, and the file reads cost no fault of their own
            assertTrue(proc.minorFaults() >= rusage.minorFaults() && proc.minorFaults() - rusage.minorFaults() < 64,
                    "procfs " + proc + " vs getrusage " + rusage);
            assertTrue(proc.voluntarySwitches() >= 10 && proc.voluntarySwitches() >= rusage.voluntarySwitches()
                    && proc.voluntarySwitches() - rusage.voluntarySwitches() <= 2, "procfs " + proc + " vs getrusage " + rusage);
        }
    }

    @Test
    void procfsCpuTimeIsTheThreadClockSplitLikeGetrusage() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadCounters before = ThreadCounters.fromProcfs();
        long jvmBefore = threads.getCurrentThreadCpuTime();
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() - jvmBefore < 200_000_000L) {
            for (int i = 0; i < 1_000_000; i++) {
                spin += spin * 31 + 7;
            }
        }
        long jvmSpent = threads.getCurrentThreadCpuTime() - jvmBefore;
        ThreadCounters delta = ThreadCounters.fromProcfs().minus(before);
        assertTrue(spin != 1, "keeps the loop");
        // schedstat's figure is the scheduler's, updated at each tick while the thread runs
        assertTrue(Math.abs(delta.cpuNanos() - jvmSpent) < 10_000_000L,
                "procfs says " + delta.cpuNanos() + " ns on the CPU, the JVM's thread clock " + jvmSpent + ": " + delta);
        assertTrue(delta.userCpuNanos() > delta.systemCpuNanos(), "a pure Java loop runs in user mode: " + delta);
    }

    @Test
    void whileLibcLoadsLaterCountersAndRssComeFromProcWithoutLoadingIt() throws Exception {
        ForkedJvm.Result result = ForkedJvm.run(DeferredLibcProbe.class, List.of());
        List<String> lines = result.lines();
        assertTrue(lines.contains("deferred.lookedFor=false"), "nothing loaded libc meanwhile: " + result);
        assertTrue(lines.contains("deferred.procfs=true"), result.toString());
        assertTrue(lines.contains("deferred.available=true"), result.toString());
        long faults = result.number("deferred.minflt=");
        assertTrue(faults >= DeferredLibcProbe.PAGES && faults < DeferredLibcProbe.PAGES * 11 / 10,
                "zeroing " + DeferredLibcProbe.PAGES + " fresh pages: " + faults + " minor faults; " + result);
        long pageSize = Long.parseLong(new String(new ProcessBuilder("getconf", "PAGESIZE").start()
                .getInputStream().readAllBytes()).trim());
        long rss = result.number("deferred.rss=");
        long statm = result.number("statm.pages=") * pageSize;
        assertTrue(Math.abs(rss - statm) < 1 << 20, "RSS " + rss + " vs statm " + statm + "; " + result);
        assertTrue(lines.contains("loaded.libc=true"), result.toString());
        assertTrue(lines.contains("loaded.procfs=false"), "getrusage once libc is loaded: " + result);
        assertTrue(lines.contains("loaded.lookedFor=true"), result.toString());
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
