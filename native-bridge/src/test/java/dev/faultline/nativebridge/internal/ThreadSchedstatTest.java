package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadSchedstatTest {
    private static final long MILLISECOND = 1_000_000L;

    /** The kernel fact the per-thread descriptors rest on. */
    @Test
    void aDescriptorOfThreadSelfKeepsReadingTheThreadThatOpenedIt() throws Exception {
        assertNotNull(Natives.libc().library(), Natives.libc().problem());
        ProcFile openedHere = ProcFile.open("/proc/thread-self/schedstat");
        Path mine = Path.of("/proc/self/task", tid(), "schedstat");
        AtomicReference<long[]> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            spin(100 * MILLISECOND);
            try {
                byte[] buffer = new byte[128];
                int n = openedHere.read(buffer);
                long throughOurFd = ProcParsers.field(buffer, 0, n, ThreadSchedstat.ON_CPU);
                long ourTask = firstField(mine);
                long itsOwn = firstField(Path.of("/proc/thread-self/schedstat"));
                seen.set(new long[] {throughOurFd, ourTask, itsOwn});
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        other.start();
        other.join(); // this thread sleeps meanwhile: its CPU time stands still
        long[] values = seen.get();
        assertNotNull(values, "the other thread failed");
        assertTrue(Math.abs(values[0] - values[1]) < MILLISECOND,
                "read from another thread, the descriptor shows its opener's CPU time " + values[1]
                        + ", not the reader's " + values[2] + "; was " + values[0]);
        assertTrue(values[2] >= 100 * MILLISECOND, "the reader spun 100 ms: " + values[2]);
    }

    @Test
    void eachThreadReadsItsOwnSchedstat() throws Exception {
        ThreadSchedstat.read(ThreadSchedstat.ON_CPU); // this thread's descriptor exists first
        AtomicReference<String> failure = new AtomicReference<>("did not run");
        Thread other = new Thread(() -> {
            spin(300 * MILLISECOND);
            failure.set(compareWithKernel());
        });
        other.start();
        other.join();
        assertNull(failure.get());
        assertNull(compareWithKernel());
    }

    private static String compareWithKernel() {
        try {
            long ours = ThreadSchedstat.read(ThreadSchedstat.ON_CPU);
            long kernel = firstField(Path.of("/proc/thread-self/schedstat"));
            if (ours < 0 || ours > kernel || kernel - ours > 5 * MILLISECOND) {
                return "thread " + tid() + ": ours " + ours + " ns on the CPU, kernel " + kernel;
            }
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void fieldsAreOnCpuRunQueueWaitAndTimeslices() throws Exception {
        String[] kernel = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ");
        assertEquals(3, kernel.length, "schedstat has three fields");
        long slices = ThreadSchedstat.read(ThreadSchedstat.TIMESLICES);
        assertTrue(slices >= Long.parseLong(kernel[2]) && slices - Long.parseLong(kernel[2]) < 5,
                "timeslices " + slices + " vs kernel " + kernel[2]);
        assertTrue(ThreadSchedstat.read(ThreadSchedstat.RUN_QUEUE_WAIT) >= Long.parseLong(kernel[1]));
    }

    private static String tid() throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // PID/task/TID
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static long firstField(Path file) throws Exception {
        return Long.parseLong(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim().split(" ")[0]);
    }

    private static void spin(long nanos) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 1;
        while (threads.getCurrentThreadCpuTime() - start < nanos) {
            x = x * 31 + 7;
        }
        if (x == 0) {
            throw new AssertionError();
        }
    }
}
