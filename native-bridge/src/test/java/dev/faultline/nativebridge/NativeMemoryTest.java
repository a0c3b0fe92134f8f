package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {
    private static final int PAGES = 16_384; // 64 MiB of 4 KiB pages

    @Test
    void touchingFreshPagesCostsOneMinorFaultAndOnePageOfRssEach() throws IOException {
        try (NativeMemory memory = NativeMemory.map(PAGES * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES)) {
            assertEquals(0, memory.residency().residentPages(), "a fresh mapping has no resident pages");
            long rssBefore = vmRssBytes();
            ThreadCounters before = ThreadCounters.now();

            memory.touch(0, PAGES);

            ThreadCounters after = ThreadCounters.now();
            long rssAfter = vmRssBytes();
            long faults = after.minorFaults() - before.minorFaults();
            assertWithinOnePercent(PAGES, faults, "minor faults of this thread");
            assertEquals(PAGES * NativeMemory.pageSize(), smapsRss(memory.address()), "the mapping's Rss in smaps");
            // the whole process's RSS also moves with the JVM's other threads (GC, JIT), both ways:
            // loosely, the exact figure is the mapping's smaps Rss above
            assertWithinPercent(PAGES * NativeMemory.pageSize(), rssAfter - rssBefore, 50, "VmRSS growth");
            assertEquals(PAGES, memory.residency().residentPages(), "mincore: every touched page resident");
        }
    }

    @Test
    void touchingAPartCountsOnlyThosePagesAsResident() {
        try (NativeMemory memory = NativeMemory.map(1024 * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES)) {
            memory.touch(100, 50);
            Residency residency = memory.residency();

            assertEquals(50, residency.residentPages());
            assertTrue(residency.isResident(100) && residency.isResident(149));
            assertTrue(!residency.isResident(99) && !residency.isResident(150));
        }
    }

    @Test
    void adviseDontNeedGivesThePagesBack() throws IOException {
        try (NativeMemory memory = NativeMemory.map(PAGES * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES)) {
            memory.touch(0, PAGES);
            long rssTouched = vmRssBytes();

            memory.adviseDontNeed();

            long rssAfter = vmRssBytes();
            assertEquals(0, smapsRss(memory.address()), "the mapping's Rss in smaps");
            // the whole process's RSS also moves with the JVM's other threads (GC, JIT): loosely,
            // the exact figure is the mapping's smaps Rss above
            assertWithinPercent(PAGES * NativeMemory.pageSize(), rssTouched - rssAfter, 50, "VmRSS drop");
            assertEquals(0, memory.residency().residentPages(), "mincore: nothing resident");
        }
    }

    @Test
    void populateMakesEveryPageResidentAtOnce() {
        try (NativeMemory memory = NativeMemory.map(256 * NativeMemory.pageSize(), NativeMemory.Option.POPULATE)) {
            assertEquals(256, memory.residency().residentPages());
        }
    }

    @Test
    void aClosedMappingRefusesAccessInsteadOfTouchingUnmappedMemory() {
        NativeMemory memory = NativeMemory.map(NativeMemory.pageSize());
        memory.close();
        memory.close(); // idempotent

        assertThrows(IllegalStateException.class, () -> memory.touch(0, 1));
        assertThrows(IllegalStateException.class, memory::adviseDontNeed);
    }

    @Test
    void touchingOutsideTheMappingIsRefused() {
        try (NativeMemory memory = NativeMemory.map(4 * NativeMemory.pageSize())) {
            assertThrows(IndexOutOfBoundsException.class, () -> memory.touch(3, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> memory.touch(-1, 1));
        }
    }

    @Test
    void aMappingTooLargeForTheAddressSpaceFailsWithErrnoAndItsText() {
        NativeMemoryException e = assertThrows(NativeMemoryException.class,
                () -> NativeMemory.map(1L << 62, NativeMemory.Option.NO_RESERVE));

        assertEquals("mmap", e.call());
        assertEquals(12, e.errno(), "ENOMEM");
        assertEquals("Cannot allocate memory", e.errnoText());
        assertTrue(e.getMessage().contains("(errno 12)"), e.getMessage());
    }

    @Test
    void residencyOfARangeWithAnUnmappedHoleFailsWithEnomem() {
        long page = NativeMemory.pageSize();
        try (NativeMemory memory = NativeMemory.map(3 * page)) {
            LibC libc = Natives.libc().library();
            assertEquals(0, libc.munmap(memory.address() + page, page), "punch a hole in the middle page");

            NativeMemoryException e = assertThrows(NativeMemoryException.class,
                    () -> Residency.of(memory.address(), 3 * page));
            assertEquals(12, e.errno(), "ENOMEM");
            assertEquals("mincore", e.call());
        }
    }

    static long vmRssBytes() {
        return GroundTruth.kbAsBytes("/proc/self/status", "VmRSS");
    }

    static void assertWithinOnePercent(long expected, long actual, String what) {
        assertWithinPercent(expected, actual, 1, what);
    }

    static void assertWithinPercent(long expected, long actual, int percent, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * percent / 100,
                what + ": expected " + expected + " within " + percent + "%, got " + actual);
    }

    /** The Rss line of the smaps block that holds {@code address}, in bytes. */
    static long smapsRss(long address) throws IOException {
        boolean inBlock = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inBlock = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inBlock && line.startsWith("Rss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no smaps block holds 0x" + Long.toHexString(address));
    }
}
