package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.TouchApp;
import dev.faultline.agent.it.platformapps.TracerMBeanApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.faultline:type=Tracer} as an application (or JConsole) sees it in the platform
 * MBean server: the per-method rows and totals, and the three settings that change dumps
 * while the JVM runs. {@link TracerMBeanApp} makes rounds of 16-page calls and prints what
 * it read after each round.
 */
class TracerMBeanTest {
    private static final int PAGES = 16;

    private static AgentJvm.Result run;
    private static Map<String, String> seen;
    /** Dumps printed in each round, from stderr. */
    private static Map<String, Integer> dumpsByRound;

    @BeforeAll
    static void runApp() {
        run = AgentJvm.main(TracerMBeanApp.class).classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("trace=" + TouchApp.TRACED + ",sink=stderr").run();
        assertEquals(0, run.exitCode, run::toString);
        seen = new LinkedHashMap<>();
        for (String line : run.stdout.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        dumpsByRound = new LinkedHashMap<>();
        String round = "(before any round)";
        for (String line : run.stderr.split("\\R")) {
            if (line.startsWith("== round ")) {
                round = line.substring("== round ".length(), line.length() - " ==".length());
                dumpsByRound.put(round, 0);
            } else if (line.equals("-------------------- Start trace --------------------")) {
                dumpsByRound.merge(round, 1, Integer::sum);
            }
        }
    }

    private static String seen(String key) {
        String value = seen.get(key);
        if (value == null) {
            throw new AssertionError("the app did not print " + key + "\n" + run);
        }
        return value;
    }

    private static long number(String key) {
        return Long.parseLong(seen(key));
    }

    @Test
    void tracerBeanIsRegisteredInThePlatformServer() {
        assertEquals("true", seen("registered"), run::toString);
    }

    @Test
    void methodsListsTheTracedMethodWithItsCallsDumpsAndFaults() {
        assertEquals("1", seen("start.methods"));
        assertEquals(TouchApp.TRACED, seen("start.row.method"));
        assertEquals(4, number("start.row.calls"));
        assertEquals(4, number("start.row.dumpsPrinted"));
        assertEquals(0, number("start.row.dumpsSuppressed"));
        assertEquals(0, number("start.row.errors"));
        assertEquals(0, number("start.row.majorFaults"));
        long faults = number("start.row.minorFaults");
        // 16 fresh pages a call; the first call also loads a few classes
        assertTrue(faults >= 4 * PAGES && faults < 4 * PAGES + 64, () -> "minorFaults " + faults);
        double mean = Double.parseDouble(seen("start.row.meanMillis"));
        double max = Double.parseDouble(seen("start.row.maxMillis"));
        assertTrue(mean > 0 && max >= mean, () -> "mean " + mean + " ms, max " + max + " ms");
        // dump=entry and no recording: RSS (a /proc read per call) is measured only where a delta is shown
        assertEquals(0, number("start.row.rssDeltaBytes"), () -> "rssDeltaBytes " + seen("start.row.rssDeltaBytes"));
    }

    @Test
    void theWorstCallIsTheDumpOfACallThatFaultedAsMuchAsTheMostPerCall() {
        long most = number("start.row.maxMinorFaultsPerCall");
        // every call touches 16 fresh pages: each takes at least that many faults
        assertTrue(most >= PAGES, () -> "maxMinorFaultsPerCall " + most);
        List<String> lines = List.of(seen("start.worstCall").split("\\|"));
        assertEquals("-------------------- Start trace --------------------", lines.get(0), run::toString);
        assertTrue(lines.get(1).startsWith(TouchApp.TRACED.replace('#', '.') + "("), run::toString);
        java.util.regex.Matcher faults = java.util.regex.Pattern.compile("minflt \\+(\\d+)").matcher(lines.get(1));
        assertTrue(faults.find(), run::toString);
        long worst = Long.parseLong(faults.group(1));
        assertTrue(worst >= PAGES && worst <= most, () -> "worst call's faults " + worst + ", most " + most);
    }

    @Test
    void methodRowsHaveTheDocumentedColumns() {
        Set<String> columns = new TreeSet<>();
        for (String key : seen.keySet()) {
            if (key.startsWith("start.row.")) {
                columns.add(key.substring("start.row.".length()));
            }
        }
        assertEquals(new TreeSet<>(List.of("method", "calls", "dumpsPrinted", "dumpsSuppressed", "errors", "meanMillis",
                "maxMillis", "minorFaults", "majorFaults", "rssDeltaBytes", "maxMinorFaultsPerCall",
                "maxMajorFaultsPerCall", "splitCalls", "runQueueNanos", "blockedNanos")), columns);
    }

    @Test
    void totalsAddUpTheMethodsDumps() {
        assertEquals(4, number("start.DumpsPrinted"));
        assertEquals(0, number("start.DumpsSuppressed"));
        assertEquals(4, dumpsByRound.get("start"), run::toString);
        assertEquals("entry", seen("start.Dump"));
        assertEquals("1", seen("start.Every"));
        assertEquals("50", seen("start.MaxPerSecond"));
    }

    @Test
    void settingDumpToNoneStopsDumpsButNotCounting() {
        assertEquals("none", seen("none.Dump"));
        assertEquals(0, dumpsByRound.get("none"), run::toString);
        assertEquals(4, number("none.DumpsPrinted"));
        assertEquals(7, number("none.row.calls"));
        long faults = number("none.row.minorFaults") - number("start.row.minorFaults");
        // the three calls are still measured (a fresh heap page may add a fault)
        assertTrue(faults >= 3 * PAGES && faults <= 3 * PAGES + 8, () -> "minor faults of the round: " + faults);
    }

    @Test
    void settingEveryDumpsOnlyEveryNthCall() {
        assertEquals("2", seen("every.Every"));
        assertEquals(2, dumpsByRound.get("every"), run::toString);
        assertEquals(6, number("every.DumpsPrinted"));
        assertEquals(11, number("every.row.calls"));
    }

    @Test
    void settingMaxPerSecondToZeroSuppressesAndCountsEveryDump() {
        assertEquals("0", seen("limit.MaxPerSecond"));
        assertEquals(0, dumpsByRound.get("limit"), run::toString);
        assertEquals(6, number("limit.DumpsPrinted"));
        assertEquals(3, number("limit.DumpsSuppressed"));
        assertEquals(3, number("limit.row.dumpsSuppressed"));
        assertEquals(14, number("limit.row.calls"));
    }

    @Test
    void badDumpValueIsRejectedWithTheAcceptedValues() {
        assertEquals("javax.management.RuntimeMBeanException / java.lang.IllegalArgumentException: bad dump mode"
                + " 'sometimes' (accepted: entry, exit, error, none)", seen("refused.Dump"));
        assertEquals("entry", seen("afterRefusals.Dump"), "the setting is unchanged");
    }

    @Test
    void badEveryAndMaxPerSecondAreRejectedAndLeaveTheSettings() {
        assertEquals("javax.management.RuntimeMBeanException / java.lang.IllegalArgumentException:"
                + " every must be >= 1: 0", seen("refused.Every"));
        assertEquals("javax.management.RuntimeMBeanException / java.lang.IllegalArgumentException:"
                + " max-per-second must be >= 0: -1", seen("refused.MaxPerSecond"));
        assertEquals("1", seen("afterRefusals.Every"));
        assertEquals("0", seen("afterRefusals.MaxPerSecond"));
    }
}
