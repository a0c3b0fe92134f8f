package dev.faultline.agent.internal.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Residency sampling in budgeted chunks, with a counter that stands for {@code mincore}
 * (every page at or above a mapping's resident boundary is absent): which mappings are
 * measured, how a budget splits a pass, and what a vanished mapping does.
 */
class ResidencySamplerTest {
    private static final long PAGE = 4096;
    private static final long FOREVER = Long.MAX_VALUE;

    private final MappingTable table = new MappingTable(1000);
    private final List<long[]> calls = new ArrayList<>();
    /** Pages below this address count as resident. */
    private long residentBelow = Long.MAX_VALUE;
    private final ResidencySampler sampler = new ResidencySampler(table, this::count, PAGE);

    private long count(long address, long length) {
        calls.add(new long[] {address, length});
        if (address == 0xdead_0000L) {
            throw new IllegalStateException("ENOMEM");
        }
        long resident = Math.max(0, Math.min(address + length, residentBelow) - address);
        return resident / PAGE;
    }

    private TrackedMapping add(long address, long size) {
        TrackedMapping m = MappingTableTest.mapping(address, size);
        table.add(m);
        return m;
    }

    @Test
    void aPassMeasuresTheLargestMappingsWholeAndOnlyThem() {
        for (int i = 0; i < ResidencySampler.MAX_SAMPLED + 20; i++) {
            add((i + 1L) << 32, (i + 1) * PAGE);
        }
        List<TrackedMapping> measured = sampler.sample(FOREVER);

        assertEquals(ResidencySampler.MAX_SAMPLED, measured.size());
        assertEquals(120 * PAGE, measured.get(0).size(), "largest first");
        for (TrackedMapping m : table.snapshot()) {
            boolean largest = m.size() > 20 * PAGE;
            assertEquals(largest ? m.size() : -1, m.residentBytes(), m::toString);
        }
    }

    @Test
    void withNoBudgetEachCallMeasuresOneChunkAndThePassCompletesOnTheLast() {
        long pages = 2 * ResidencySampler.CHUNK_PAGES + 100;
        TrackedMapping m = add(1L << 32, pages * PAGE);
        residentBelow = (1L << 32) + 1000 * PAGE;

        assertTrue(sampler.sample(0).isEmpty());
        assertEquals(-1, m.residentBytes(), "not published before the pass is whole");
        assertTrue(sampler.sample(0).isEmpty());
        assertEquals(List.of(m), sampler.sample(0));
        assertEquals(1000 * PAGE, m.residentBytes());
        assertEquals(3, calls.size());
        assertEquals(ResidencySampler.CHUNK_PAGES * PAGE, calls.get(0)[1]);
        assertEquals((1L << 32) + 2 * ResidencySampler.CHUNK_PAGES * PAGE, calls.get(2)[0]);
        assertEquals(100 * PAGE, calls.get(2)[1]);
    }

    @Test
    void anUnalignedMappingIsWidenedToWholePagesButNeverShowsMoreThanItsSize() {
        TrackedMapping m = add(0x1000_0010L, 3 * PAGE);
        sampler.sample(FOREVER);
        assertEquals(0x1000_0000L, calls.get(0)[0]);
        assertEquals(4 * PAGE, calls.get(0)[1]);
        assertEquals(3 * PAGE, m.residentBytes());
    }

    @Test
    void eachMappingIsMeasuredAtMostOncePerCall() {
        add(1L << 32, 4 * PAGE);
        add(2L << 32, 8 * PAGE);
        assertEquals(2, sampler.sample(FOREVER).size());
        assertEquals(2, calls.size());
        assertEquals(2, sampler.sample(FOREVER).size());
        assertEquals(4, calls.size());
    }

    @Test
    void aMappingThatIsNoLongerMappedIsForgotten() {
        TrackedMapping gone = add(0xdead_0000L, 4 * PAGE);
        TrackedMapping kept = add(1L << 32, 2 * PAGE);
        List<TrackedMapping> measured = sampler.sample(FOREVER);

        assertEquals(List.of(kept), measured);
        assertTrue(gone.forgotten());
        assertEquals(1, table.count());
    }
}
