package dev.faultline.agent.internal.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.MappingProbe;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The tracker as the JDK hooks call it (here called directly, as a hooked
 * {@code DirectByteBuffer} constructor would): what it records, where it says the mapping
 * was made, and when it lets go.
 */
class MappingTrackerTest {
    private static final long ADDRESS = 0x7f00_0000_0000L;
    /** A loader that is not the tests', standing for the agent's. */
    private static final ClassLoader ELSEWHERE = new URLClassLoader(new URL[0], null);
    private static final Runnable NOTHING = () -> { };

    private final MappingTable table = new MappingTable(100);
    private final MappingTracker tracker = new MappingTracker(table, new Origins(ELSEWHERE), null, false, NOTHING,
            NOTHING);

    @Test
    void aDirectBufferIsTrackedWithTheApplicationFrameThatMadeIt() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        int line = new Throwable().getStackTrace()[0].getLineNumber(); tracker.mapped(buffer, ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);

        assertEquals(1, tracker.trackedCount());
        TrackedMapping m = tracker.top(1).get(0);
        assertEquals(MappingKind.DIRECT_BUFFER, m.kind());
        assertEquals(ADDRESS, m.address());
        assertEquals(64 * 1024, m.size());
        assertNull(m.file());
        assertEquals("ByteBuffer.allocateDirect at " + getClass().getName()
                + ".aDirectBufferIsTrackedWithTheApplicationFrameThatMadeIt(MappingTrackerTest.java:" + line + ")",
                m.origin());
        assertEquals(64 * 1024, tracker.trackedBytes());
    }

    @Test
    void anAllocationSeenBeforeItsBufferExistsIsTrackedUntilItsFree() {
        // what the hook in the direct buffer's deallocator constructor reports: address and capacity, no buffer yet
        int line = new Throwable().getStackTrace()[0].getLineNumber(); tracker.allocated(ADDRESS, 32 * 1024, MappingProbe.KIND_DIRECT_BUFFER);

        assertEquals(1, tracker.trackedCount());
        TrackedMapping m = tracker.top(1).get(0);
        assertEquals(MappingKind.DIRECT_BUFFER, m.kind());
        assertEquals(ADDRESS, m.address());
        assertEquals(32 * 1024, m.size());
        assertEquals("ByteBuffer.allocateDirect at " + getClass().getName()
                + ".anAllocationSeenBeforeItsBufferExistsIsTrackedUntilItsFree(MappingTrackerTest.java:" + line + ")",
                m.origin());
        tracker.forgetUnreachable();
        assertEquals(1, tracker.trackedCount(), "no owner whose reachability could end it: only its free");
        tracker.freed(ADDRESS);
        assertEquals(0, tracker.trackedCount());
        assertEquals(0, tracker.trackedBytes());

        tracker.allocated(ADDRESS, 4095, MappingProbe.KIND_DIRECT_BUFFER);
        tracker.allocated(0, 1 << 20, MappingProbe.KIND_DIRECT_BUFFER);
        assertEquals(0, tracker.trackedCount(), "smaller than a page, or no address: not tracked");
    }

    @Test
    void aBufferNoLongerReachableIsForgottenAndTheTrackerDoesNotKeepItAlive() throws InterruptedException {
        WeakReference<ByteBuffer> weak = reportAndDrop();
        assertEquals(1, tracker.trackedCount());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((weak.get() != null || tracker.trackedCount() > 0) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            tracker.forgetUnreachable();
        }
        assertNull(weak.get(), "the buffer is still reachable: the tracker keeps it alive");
        assertEquals(0, tracker.trackedCount());
        assertEquals(0, tracker.trackedBytes());
    }

    private WeakReference<ByteBuffer> reportAndDrop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
        tracker.mapped(buffer, ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);
        return new WeakReference<>(buffer);
    }

    @Test
    void aFreedAddressIsForgottenAtOnce() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
        tracker.mapped(buffer, ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);
        tracker.freed(ADDRESS + 4096);
        assertEquals(1, tracker.trackedCount(), "another address: nothing forgotten");
        tracker.freed(ADDRESS);
        assertEquals(0, tracker.trackedCount());
    }

    @Test
    void directBuffersSmallerThanAPageAreNotTracked() {
        tracker.mapped(ByteBuffer.allocateDirect(4095), ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);
        assertEquals(0, tracker.trackedCount());
        tracker.mapped(ByteBuffer.allocateDirect(4096), ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);
        assertEquals(1, tracker.trackedCount());
    }

    @Test
    void mappingsTheAgentMakesItselfAreNotRecorded() {
        // the test classes' loader standing for the agent's: these frames are the agent's own
        MappingTracker own = new MappingTracker(table, new Origins(getClass().getClassLoader()), null, false,
                NOTHING, NOTHING);
        own.mapped(ByteBuffer.allocateDirect(8192), ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);
        assertEquals(0, own.trackedCount());
        assertEquals(0, own.droppedCount());
    }

    @Test
    void aFullTrackerCountsWhatItDrops() {
        MappingTracker small = new MappingTracker(new MappingTable(2), new Origins(ELSEWHERE), null, false,
                NOTHING, NOTHING);
        ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
        for (int i = 0; i < 5; i++) {
            small.mapped(buffer, ADDRESS + i * 8192L, MappingProbe.KIND_DIRECT_BUFFER, null);
        }
        assertEquals(2, small.trackedCount());
        assertEquals(3, small.droppedCount());
        assertEquals(2 * 8192, small.trackedBytes());
    }

    @Test
    void theTrackersWorkOnTheApplicationsThreadsIsMarkedAsTheAgentsOwn() {
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        Runnable begin = () -> deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
        MappingTracker marked = new MappingTracker(table, new Origins(ELSEWHERE), null, false, begin,
                depth::decrementAndGet);
        marked.mapped(ByteBuffer.allocateDirect(8192), ADDRESS, MappingProbe.KIND_DIRECT_BUFFER, null);
        marked.freed(ADDRESS);
        // no FFM in this tracker: the record fails inside (reported once), and the bracket still closes
        marked.mapped(new Object(), ADDRESS, MappingProbe.KIND_FFM_ALLOCATION, null);
        assertEquals(0, depth.get());
        assertEquals(1, deepest.get());
        assertEquals(0, marked.trackedCount());
    }

    @Test
    void beyondTheWalksASecondMappingsAreTrackedWithTheirCallOnly() {
        // a window that never ends: the count is not reset while the test runs
        MappingTracker storm = new MappingTracker(new MappingTable(5000), new Origins(ELSEWHERE, Long.MAX_VALUE), null,
                false, NOTHING, NOTHING);
        ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
        for (int i = 0; i < Origins.WALKS_PER_SECOND + 10; i++) {
            storm.mapped(buffer, ADDRESS + i * 8192L, MappingProbe.KIND_DIRECT_BUFFER, null);
        }
        int walked = 0;
        int notTaken = 0;
        for (TrackedMapping m : storm.top(5000)) {
            if (m.origin().startsWith("ByteBuffer.allocateDirect at " + getClass().getName() + ".")) {
                walked++;
            } else if (m.origin().equals("ByteBuffer.allocateDirect (origin not taken: over 1000 mappings a second)")) {
                notTaken++;
            }
        }
        assertEquals(Origins.WALKS_PER_SECOND, walked);
        assertEquals(10, notTaken);
    }

    @Test
    void theMostResidentMappingsComeFirst() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        for (int i = 0; i < 3; i++) {
            tracker.mapped(buffer, ADDRESS + i * (1L << 20), MappingProbe.KIND_DIRECT_BUFFER, null);
        }
        for (TrackedMapping m : table.snapshot()) {
            m.residentBytes(m.address() == ADDRESS + (1L << 20) ? 4096 * 10 : 4096);
        }
        assertEquals(ADDRESS + (1L << 20), tracker.top(2).get(0).address());
        assertEquals(2, tracker.top(2).size());
        assertEquals(3, tracker.top(10).size());
    }
}
