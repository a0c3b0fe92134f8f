package dev.faultline.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example 03 under the agent: against the known number of pages touched (16,384 pages of
 * 4 KiB, 64 MiB), the mapping's Rss in smaps, mincore's count, and the agent's fault count
 * for the traced call.
 */
class Example03LazyMmapTest {
    private static final long PAGES = 16_384;
    private static final Pattern HEADER_FAULTS = Pattern.compile("minflt \\+(\\d+), majflt \\+\\d+, rss ([+-][\\d.]+) MiB");

    private static ForkedJvm.Ran ran;
    private static Map<String, String[]> rows;

    @BeforeAll
    static void runTheExample() {
        ran = ForkedJvm.of(Example03LazyMmap.class).agent("sink=stderr,dump=exit").run();
        rows = new HashMap<>();
        for (String line : ran.stdout().lines().toList()) {
            String[] columns = line.strip().split("\\s{2,}");
            if (columns.length == 6) {
                rows.put(columns[0], columns);
            }
        }
    }

    @Test
    void mappingTakesAddressSpaceButNoMemory() {
        String[] mapped = row("mmap 1 GiB");
        double vmSize = mib(mapped[1]);
        assertTrue(vmSize >= 1024 && vmSize < 1024 + 64, "VmSize grows by the mapping: " + vmSize);
        assertTrue(mib(mapped[2]) < 32, "RSS does not: " + mapped[2]);
        assertEquals("0 kB", mapped[3], "smaps: nothing of the mapping is resident");
        assertEquals(0, number(mapped[4]), "mincore: no page resident");
    }

    @Test
    void touchingMakesExactlyTheTouchedPagesResident() {
        String[] touched = row("touch " + PAGES + " pages");
        assertEquals(PAGES * 4, number(touched[3]), "smaps Rss in kB: " + touched[3]);
        assertEquals(PAGES, number(touched[4]), "mincore");
        assertTrue(mib(touched[2]) >= 63, "process RSS grows by about 64 MiB: " + touched[2]);

        String[] again = row("touch them again");
        assertEquals(PAGES * 4, number(again[3]));
        assertTrue(number(again[5]) < PAGES / 100, "touching resident pages costs (almost) no fault: " + again[5]);
    }

    @Test
    void madviseDontNeedGivesThePagesBackAndMunmapTheAddresses() {
        String[] released = row("madvise(MADV_DONTNEED)");
        assertEquals("0 kB", released[3]);
        assertEquals(0, number(released[4]));
        String[] unmapped = row("munmap");
        assertTrue(mib(unmapped[1]) < 64, "VmSize back: " + unmapped[1]);
    }

    @Test
    void theAgentCountsOneMinorFaultPerTouchedPageForTheFirstTouchOnly() {
        List<List<String>> dumps = ran.stderrDumps();
        assertEquals(2, dumps.size(), ran.toString());
        Matcher first = HEADER_FAULTS.matcher(dumps.get(0).get(1));
        Matcher second = HEADER_FAULTS.matcher(dumps.get(1).get(1));
        assertTrue(first.find() && second.find(), ran.stderr());
        long faults = Long.parseLong(first.group(1));
        assertTrue(faults >= PAGES && faults <= PAGES + PAGES / 100, "first touch: " + dumps.get(0).get(1));
        // the process's RSS also moves with the JVM's other threads (JIT, GC, the agent's start-up thread,
        // file pages the kernel reclaims meanwhile): the 64 MiB touched, within 8 MiB either way. The exact
        // checks are the fault count above and the mapping's own smaps Rss and mincore count in the table.
        double rss = Double.parseDouble(first.group(2));
        assertTrue(rss >= 56 && rss <= 72, "first touch RSS change: " + dumps.get(0).get(1));
        assertTrue(Long.parseLong(second.group(1)) < PAGES / 100, "second touch: " + dumps.get(1).get(1));
    }

    private static String[] row(String step) {
        String[] row = rows.get(step);
        assertNotNull(row, "no row '" + step + "' in:\n" + ran.stdout());
        return row;
    }

    private static double mib(String text) {
        return Double.parseDouble(text.replace(",", "").replace(" MiB", ""));
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", "").replace(" kB", ""));
    }
}
