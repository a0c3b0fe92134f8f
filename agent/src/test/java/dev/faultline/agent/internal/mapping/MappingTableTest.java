package dev.faultline.agent.internal.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The tracker's table: its cap, its counts, and what forgetting a freed address takes away. */
class MappingTableTest {
    private static final long MIB = 1 << 20;

    static TrackedMapping mapping(long address, long size) {
        return new TrackedMapping(MappingKind.DIRECT_BUFFER, address, size, null, "test", 0, null);
    }

    @Test
    void aFullTableDropsNewMappingsCountsThemAndKeepsTheOldOnes() {
        MappingTable table = new MappingTable(3);
        for (int i = 1; i <= 5; i++) {
            table.add(mapping(i * MIB, MIB));
        }
        assertEquals(3, table.count());
        assertEquals(2, table.dropped());
        assertEquals(3 * MIB, table.bytes());
        List<Long> addresses = new ArrayList<>();
        for (TrackedMapping m : table.snapshot()) {
            addresses.add(m.address());
        }
        assertEquals(List.of(MIB, 2 * MIB, 3 * MIB), addresses);
        assertTrue(table.full());
    }

    @Test
    void forgettingMakesRoomForTheNextMapping() {
        MappingTable table = new MappingTable(2);
        TrackedMapping first = mapping(MIB, MIB);
        table.add(first);
        table.add(mapping(2 * MIB, 4 * MIB));
        assertFalse(table.add(mapping(8 * MIB, MIB)));

        assertTrue(table.forget(first));
        assertTrue(first.forgotten());
        assertTrue(table.add(mapping(16 * MIB, 2 * MIB)));
        assertEquals(2, table.count());
        assertEquals(6 * MIB, table.bytes());
        assertEquals(1, table.dropped());
    }

    @Test
    void aFreedAddressForgetsOnlyTheMappingThatStartsThere() {
        MappingTable table = new MappingTable(10);
        TrackedMapping tracked = mapping(0x10_0070, MIB);
        table.add(tracked);
        // an untracked small buffer just below it is freed: the neighbour stays
        assertNull(table.forgetFreed(0x10_0000));
        assertEquals(1, table.count());

        assertSame(tracked, table.forgetFreed(0x10_0070));
        assertEquals(0, table.count());
        assertEquals(0, table.bytes());
        assertNull(table.forgetFreed(0x10_0070), "freed twice: nothing left to forget");
    }

    @Test
    void forgettingTheSameMappingTwiceCountsItOnce() {
        MappingTable table = new MappingTable(10);
        TrackedMapping m = mapping(MIB, MIB);
        table.add(m);
        assertTrue(table.forget(m));
        assertFalse(table.forget(m));
        assertEquals(0, table.count());
        assertEquals(0, table.bytes());
    }

    @Test
    void aNewMappingAtATrackedAddressReplacesTheStaleOne() {
        MappingTable table = new MappingTable(10);
        TrackedMapping stale = mapping(MIB, 8 * MIB);
        table.add(stale);
        TrackedMapping fresh = mapping(MIB, 2 * MIB);
        table.add(fresh);

        assertEquals(1, table.count());
        assertEquals(2 * MIB, table.bytes());
        assertTrue(stale.forgotten());
        assertFalse(table.forget(stale), "the stale mapping no longer holds the address");
        assertSame(fresh, table.snapshot().get(0));
    }

    @Test
    void concurrentAddsNeverExceedTheCapacity() throws Exception {
        MappingTable table = new MappingTable(1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long base = (t + 1L) << 40;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1000; i++) {
                        table.add(mapping(base + i * MIB, MIB));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1000, table.count());
        assertEquals(1000, table.snapshot().size());
        assertEquals(3000, table.dropped());
        assertEquals(1000 * MIB, table.bytes());
    }
}
