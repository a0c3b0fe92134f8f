package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.ProcessMemoryBeanApp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.faultline:type=ProcessMemory} as an application (or JConsole) reads it: its
 * counters against {@code /proc} read in the same JVM right before and after, its fault
 * rate against a known number of touched pages, and its RSS classification against what
 * the JVM was told to reserve (a pre-touched 64 MiB heap, a 48 MiB code cache, threads
 * with 2 MiB stacks).
 */
class ProcessMemoryBeanTest {
    private static final long PAGE = 4096;
    private static final long MIB = 1L << 20;
    private static final long PERIOD_MILLIS = 250;

    private static AgentJvm.Result run;
    private static Map<String, String> seen;
    /** The same app in a JVM with Native Memory Tracking in detail mode. */
    private static AgentJvm.Result nmtRun;
    private static Map<String, String> nmtSeen;

    @BeforeAll
    static void runApp() throws Exception {
        CompletableFuture<AgentJvm.Result> nmt = CompletableFuture.supplyAsync(
                () -> start("-XX:NativeMemoryTracking=detail"));
        run = start();
        seen = lines(run);
        nmtRun = nmt.get();
        nmtSeen = lines(nmtRun);
    }

    private static AgentJvm.Result start(String... more) {
        AgentJvm.Result result = AgentJvm.main(ProcessMemoryBeanApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("period=" + PERIOD_MILLIS + "ms")
                .jvmArgs("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:ReservedCodeCacheSize=48m")
                .jvmArgs(more)
                .run();
        assertEquals(0, result.exitCode, result::toString);
        return result;
    }

    private static Map<String, String> lines(AgentJvm.Result result) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.stdout.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private static String seen(String key) {
        return seen(seen, run, key);
    }

    private static String seen(Map<String, String> values, AgentJvm.Result result, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new AssertionError("the app did not print " + key + "\n" + result);
        }
        return value;
    }

    private static long number(String key) {
        return Long.parseLong(seen(key));
    }

    /** {count, size, rss} of a class. */
    private static long[] rssClass(String name) {
        return rssClass(seen, run, name);
    }

    private static long[] rssClass(Map<String, String> values, AgentJvm.Result result, String name) {
        String[] parts = seen(values, result, "class." + name).split(",");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }

    @Test
    void beanIsRegisteredAndTheMonitorRunsWithThePeriodOption() {
        assertEquals("true", seen("registered"));
        assertEquals("true", seen("MonitorRunning"));
        assertEquals(PERIOD_MILLIS, number("MonitorPeriodMillis"));
    }

    @Test
    void rssVmSizeAndFaultsLieBetweenProcReadsJustBeforeAndAfter() {
        for (int round = 0; round < 5; round++) {
            for (String attribute : new String[] {"Rss", "VmSize", "MinorFaults"}) {
                String[] v = seen("bracket." + round + "." + attribute).split(",");
                long before = Long.parseLong(v[0]);
                long value = Long.parseLong(v[1]);
                long after = Long.parseLong(v[2]);
                // faults only grow; RSS and VmSize also shrink when another thread frees (the agent's
                // start-up thread, the JIT): a bracket up to 64 pages wide either way
                long slack = attribute.equals("MinorFaults") ? 0 : 64 * PAGE;
                String what = attribute + " round " + round + ": /proc " + before + " then bean " + value
                        + " then /proc " + after;
                assertTrue(value >= Math.min(before, after) - slack && value <= Math.max(before, after) + slack, what);
            }
        }
    }

    @Test
    void systemWideFiguresEqualProcMeminfoAndTheSysctl() {
        assertEquals(number("proc.CommitLimit"), number("CommitLimit"));
        assertEquals(number("proc.MemTotal"), number("MemTotal"));
        assertEquals(number("proc.overcommit_memory"), number("OvercommitModeValue"));
        String word = new String[] {"heuristic", "always", "never"}[(int) number("proc.overcommit_memory")];
        assertEquals(word, seen("OvercommitMode"));
        assertTrue(seen("OvercommitContext").startsWith("Overcommit mode: " + word + " ("), seen("OvercommitContext"));
    }

    @Test
    void faultRateSeesTheTouchedPagesWithinAPeriodOrTwo() {
        double highest = Double.parseDouble(seen("highestMinorFaultsPerSecond"));
        // the pages are touched in about 15 ms: at worst across two periods, half in each
        double pagesSeen = highest * PERIOD_MILLIS / 1000.0;
        assertTrue(pagesSeen >= ProcessMemoryBeanApp.PAGES * 0.45, () -> "highest rate " + highest
                + "/s over " + PERIOD_MILLIS + " ms periods after touching " + ProcessMemoryBeanApp.PAGES + " pages");
    }

    @Test
    void preTouchedHeapIsJavaHeapWithAllItsPagesResident() {
        long[] heap = rssClass("JAVA_HEAP");
        assertTrue(heap[1] >= 64 * MIB, () -> "heap size " + heap[1]);
        assertTrue(heap[2] >= 62 * MIB && heap[2] <= heap[1], () -> "heap rss " + heap[2] + " of " + heap[1]);
    }

    @Test
    void codeCacheIsTheReservedCodeCacheSize() {
        long[] code = rssClass("CODE_CACHE");
        assertTrue(code[1] >= 48 * MIB && code[1] <= 50 * MIB, () -> "code cache size " + code[1]);
        assertTrue(code[2] > 0, "compiled code and stubs are resident");
    }

    @Test
    void everyParkedThreadsStackIsAThreadStack() {
        long[] stacks = rssClass("THREAD_STACKS");
        assertTrue(stacks[0] >= ProcessMemoryBeanApp.THREADS, () -> "thread stack mappings " + stacks[0]);
        assertTrue(stacks[1] >= ProcessMemoryBeanApp.THREADS * ProcessMemoryBeanApp.STACK,
                () -> "thread stack size " + stacks[1]);
    }

    @Test
    void classesAddUpToTheSmapsTotalAndLittleIsUnclassified() {
        long total = 0;
        for (Map.Entry<String, String> e : seen.entrySet()) {
            if (e.getKey().startsWith("class.")) {
                total += Long.parseLong(e.getValue().split(",")[2]);
            }
        }
        long smaps = number("smaps.rss");
        long sum = total;
        assertTrue(Math.abs(sum - smaps) <= smaps / 20, () -> "classes " + sum + ", smaps read after " + smaps);
        long unclassified = rssClass("UNCLASSIFIED")[2];
        assertTrue(unclassified <= total / 5, () -> "unclassified " + unclassified + " of " + sum + "\n" + run.stderr);
    }

    @Test
    void reportSaysWhetherNativeMemoryTrackingRuns() {
        assertTrue(run.stderr.contains("Native Memory Tracking is off: run with -XX:NativeMemoryTracking=summary"),
                run::toString);
        assertTrue(run.stderr.contains("Java heap"), run::toString);
    }

    @Test
    void withNativeMemoryTrackingInDetailItsRangesClassifyAndItsFiguresAreShown() {
        assertTrue(nmtRun.stderr.contains("JVM ranges: from Native Memory Tracking (detail)"), nmtRun::toString);
        assertTrue(nmtRun.stderr.contains("Native Memory Tracking (detail), what the JVM reserved and committed"),
                nmtRun::toString);
        assertTrue(nmtRun.stderr.lines().anyMatch(l -> l.matches("  Java Heap +reserved +64\\.0 MiB .*")),
                nmtRun::toString);
        long[] heap = rssClass(nmtSeen, nmtRun, "JAVA_HEAP");
        assertTrue(heap[2] >= 62 * MIB, () -> "heap rss " + heap[2]);
        long[] stacks = rssClass(nmtSeen, nmtRun, "THREAD_STACKS");
        assertTrue(stacks[1] >= ProcessMemoryBeanApp.THREADS * ProcessMemoryBeanApp.STACK,
                () -> "thread stack size " + stacks[1]);
        assertTrue(rssClass(nmtSeen, nmtRun, "OTHER_JVM")[1] > 0, "NMT's other categories have ranges");
    }
}
