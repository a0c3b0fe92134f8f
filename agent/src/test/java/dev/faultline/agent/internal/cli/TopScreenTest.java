package dev.faultline.agent.internal.cli;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code top} shows for given figures, with mapping rows made to the Mappings MXBean's contract. */
class TopScreenTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private static CompositeData mapping(long size, long resident, String file, String origin) throws OpenDataException {
        String[] names = {"kind", "address", "sizeBytes", "residentBytes", "file", "origin"};
        OpenType<?>[] types = {SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.STRING,
                SimpleType.STRING};
        CompositeType type = new CompositeType("TopMapping", "a tracked mapping", names, names, types);
        return new CompositeDataSupport(type, names,
                new Object[] {"FileChannel.map", 0x7f0000000000L, size, resident, file, origin});
    }

    private static TopFigures figures(long cgroupLimit) {
        return figures(cgroupLimit, null);
    }

    /** The Container MXBean's attributes for a v2 cgroup /pod/app under /pod's 256 MiB limit, 100.5 MiB used. */
    private static Map<String, Object> container() {
        Map<String, Object> c = new HashMap<>();
        c.put("Available", true);
        c.put("CgroupVersion", 2);
        c.put("CgroupPath", "/pod/app");
        c.put("Usage", 90 * MIB);
        c.put("BindingLimit", 256 * MIB);
        c.put("BindingLimitPath", "/pod");
        c.put("BindingLimitUsage", 100 * MIB + MIB / 2);
        c.put("Headroom", 155 * MIB + MIB / 2);
        c.put("HeadroomBound", "CGROUP_LIMIT");
        c.put("PressureSomeAvg10", 0.0012);
        c.put("PressureFullAvg10", 0.0);
        c.put("PressureSource", "cgroup");
        c.put("OomKills", 1L);
        return c;
    }

    private static TopFigures figures(long cgroupLimit, Map<String, Object> container) {
        Map<String, Object> v = new HashMap<>();
        v.put("VmSize", 5 * GIB);
        v.put("Rss", 412 * MIB);
        v.put("RssAnon", 350 * MIB);
        v.put("RssFile", 60 * MIB);
        v.put("RssShmem", 2 * MIB);
        v.put("Swap", 0L);
        v.put("MinorFaults", 1000L);
        v.put("MajorFaults", 3L);
        v.put("MinorFaultsPerSecond", 12.0);
        v.put("MajorFaultsPerSecond", 0.0);
        v.put("CommittedAs", 12 * GIB);
        v.put("CommitLimit", 16 * GIB);
        v.put("OvercommitMode", "heuristic");
        v.put("OvercommitModeValue", 0);
        v.put("CgroupVersion", 2);
        v.put("CgroupLimit", cgroupLimit);
        v.put("CgroupUsage", GIB);
        return TopFigures.of(v, container, 0, null);
    }

    @Test
    void barFillsOneCellPerTenthRounded() {
        assertEquals("[████░░░░░░]", TopScreen.bar(0.41, true));
        assertEquals("[##########]", TopScreen.bar(1.0, false));
        assertEquals("[..........]", TopScreen.bar(0.04, false));
        assertEquals("[##########]", TopScreen.bar(7.5, false), "more than all is all");
    }

    @Test
    void originLosesThePackageAndTheFileName() {
        assertEquals("FileChannel.map at Store.open:88",
                TopScreen.shortOrigin("FileChannel.map at com.acme.Store.open(Store.java:88)"));
        assertEquals("ByteBuffer.allocateDirect at Outer$Inner.<init>:12",
                TopScreen.shortOrigin("ByteBuffer.allocateDirect at com.acme.Outer$Inner.<init>(Outer.java:12)"));
        assertEquals("Arena.allocate at Main.main",
                TopScreen.shortOrigin("Arena.allocate at Main.main(Unknown Source)"));
        assertEquals("something else", TopScreen.shortOrigin("something else"));
    }

    @Test
    void mappingLineHasABarTheShareTheSizeAndTheOrigin() throws OpenDataException {
        String line = TopScreen.mapping(mapping(2 * GIB, (long) (0.41 * 2 * GIB), "/data/store.bin",
                "FileChannel.map at com.acme.Store.open(Store.java:88)"), true);
        assertEquals("[████░░░░░░]  41% of 2.0 GiB, FileChannel.map at Store.open:88  /data/store.bin", line);
    }

    @Test
    void screenShowsTheCountersAndTheMappings() throws OpenDataException {
        List<String> screen = TopScreen.screen(42, "1s", figures(-1),
                new CompositeData[] {mapping(GIB, GIB / 2, "", "FileChannel.map at a.B.c(B.java:1)")}, false);
        String text = String.join("\n", screen);
        assertTrue(text.contains("VmSize 5.0 GiB"), text);
        assertTrue(text.contains("RSS 412.0 MiB  (anon 350.0 MiB, file 60.0 MiB, shmem 2.0 MiB)"), text);
        assertTrue(text.contains("faults  minor 12/s   major 0/s"), text);
        assertTrue(text.contains("Committed_AS 12.0 GiB of CommitLimit 16.0 GiB (75%), overcommit heuristic (0)"), text);
        assertTrue(text.contains("  [#####.....]  50% of 1.0 GiB, FileChannel.map at B.c:1"), text);
        assertFalse(text.contains("cgroup"), text);
    }

    @Test
    void withoutMappingsThereAreNoMappingLines() {
        String text = String.join("\n", TopScreen.screen(42, "1s", figures(2 * GIB), new CompositeData[0], true));
        assertFalse(text.contains("mappings"), text);
        assertTrue(text.contains("cgroup  v2 usage 1.0 GiB of limit 2.0 GiB (50%)"), text);
    }

    @Test
    void plainLineIsKeyValuesThenTheTopMappings() throws OpenDataException {
        String line = TopScreen.line(42, LocalTime.of(12, 0, 1, 500), figures(-1), new CompositeData[] {
                mapping(2 * GIB, GIB, "", "FileChannel.map at com.acme.Store.open(Store.java:88)"),
                mapping(GIB, 0, "", "")});
        assertEquals("12:00:01 pid=42 vmsize=5.0GiB rss=412.0MiB anon=350.0MiB file=60.0MiB shmem=2.0MiB swap=0B"
                + " minflt/s=12 majflt/s=0 committed=12.0GiB commitlimit=16.0GiB overcommit=heuristic"
                + " | 50% of 2.0GiB FileChannel.map at Store.open:88; 0% of 1.0GiB FileChannel.map", line);
    }

    @Test
    void ratesAreMeasuredBetweenRefreshesAfterTheFirst() {
        Map<String, Object> first = new HashMap<>();
        first.put("MinorFaults", 1000L);
        first.put("MajorFaults", 0L);
        first.put("MinorFaultsPerSecond", 7.0);
        Map<String, Object> second = new HashMap<>(first);
        second.put("MinorFaults", 1500L);
        second.put("MajorFaults", 2L);
        TopFigures a = TopFigures.of(first, null, 1_000_000_000L, null);
        TopFigures b = TopFigures.of(second, null, 1_500_000_000L, a);
        assertEquals(7.0, a.minorRate, 1e-9, "the first: the MXBean's rate");
        assertEquals(1000.0, b.minorRate, 1e-9, "500 faults in half a second");
        assertEquals(4.0, b.majorRate, 1e-9);
    }

    @Test
    void withTheContainerBeanTheScreenShowsTheBindingLimitHeadroomPressureAndOomKills() {
        String text = String.join("\n", TopScreen.screen(42, "1s", figures(2 * GIB, container()), new CompositeData[0],
                false));
        assertTrue(text.contains("\ncgroup  v2 /pod/app: usage 100.5 MiB of binding limit 256.0 MiB (39%) set by /pod;"
                + " headroom 155.5 MiB (61% of the limit) before the cgroup limit; pressure avg10 some 0.12% full 0.00%"
                + " (cgroup); oom_kill 1"), text);
        assertFalse(text.contains("of limit 2.0 GiB"), () -> "one cgroup line, the Container MXBean's:\n" + text);
    }

    @Test
    void withTheContainerBeanThePlainLineHasTheContainerPairs() {
        String line = TopScreen.line(42, LocalTime.of(12, 0, 1), figures(2 * GIB, container()), new CompositeData[0]);
        assertTrue(line.endsWith(" overcommit=heuristic cgroup=100.5MiB/256.0MiB binding=/pod headroom=155.5MiB(61%)"
                + " bound=cgroup_limit psisome10=0.12% psifull10=0.00% oomkill=1"), line);
    }

    @Test
    void withoutALimitTheContainerLineSaysSoAndWhatBoundsTheHeadroom() {
        Map<String, Object> c = container();
        c.put("CgroupPath", "/app");
        c.put("BindingLimit", -1L);
        c.put("BindingLimitPath", "");
        c.put("BindingLimitUsage", -1L);
        c.put("Headroom", 23 * GIB);
        c.put("HeadroomBound", "AVAILABLE_MEMORY");
        c.put("PressureSomeAvg10", -1.0);
        c.put("PressureFullAvg10", -1.0);
        c.put("OomKills", -1L);
        TopFigures f = figures(-1, c);
        assertEquals("cgroup  v2 /app: usage 90.0 MiB, no memory limit on it or its ancestors; headroom 23.0 GiB"
                + " before the system's available memory", TopScreen.container(f.container));
        String line = TopScreen.line(42, LocalTime.of(12, 0, 1), f, new CompositeData[0]);
        assertTrue(line.endsWith(" cgroup=90.0MiB/nolimit headroom=23.0GiB bound=available_memory"), line);
    }

    @Test
    void headroomOverTheLimitIsNegative() {
        Map<String, Object> c = container();
        c.put("Headroom", -3 * MIB);
        TopFigures f = figures(-1, c);
        assertTrue(TopScreen.container(f.container).contains("; headroom -3.0 MiB (over the limit) before the cgroup"
                + " limit;"), TopScreen.container(f.container));
        assertTrue(TopScreen.line(42, LocalTime.NOON, f, new CompositeData[0]).contains(" headroom=-3.0MiB(over) "));
    }

    @Test
    void withoutTheContainerBeanOrWhenItCannotReadTheCgroupTheProcessMemoryCgroupLineStays() {
        Map<String, Object> unavailable = container();
        unavailable.put("Available", false);
        for (Map<String, Object> c : java.util.Arrays.asList(null, unavailable, new HashMap<String, Object>())) {
            TopFigures f = figures(2 * GIB, c);
            assertEquals(null, f.container, String.valueOf(c));
            String text = String.join("\n", TopScreen.screen(42, "1s", f, new CompositeData[0], false));
            assertTrue(text.contains("cgroup  v2 usage 1.0 GiB of limit 2.0 GiB (50%)"), text);
            assertFalse(text.contains("headroom"), text);
            String line = TopScreen.line(42, LocalTime.of(12, 0, 1), f, new CompositeData[0]);
            assertTrue(line.endsWith(" overcommit=heuristic cgroup=1.0GiB/2.0GiB"), line);
        }
    }
}
