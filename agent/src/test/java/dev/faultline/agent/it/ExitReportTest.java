package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.ExitingApp;
import com.acme.HelloApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.TouchApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report=PATH}: the summary written at JVM exit, as Markdown and as JSON, for an
 * app that touches {@value #PAGES} fresh pages in each of {@value #CALLS} traced calls;
 * a traced {@code main} that never returns; and report paths that cannot be written, said
 * at start with their cause (the app runs untraced), or whose folders are missing (made).
 */
class ExitReportTest {
    private static final int PAGES = 8192;
    private static final int CALLS = 3;
    private static final long PAGE = 4096;

    @TempDir
    static Path dir;

    private static AgentJvm.Result markdownRun;
    private static String markdown;
    private static AgentJvm.Result jsonRun;
    private static String json;
    private static Map<String, Object> report;

    @BeforeAll
    static void writeReports() throws Exception {
        Path md = dir.resolve("out/r.md");
        Path js = dir.resolve("out/r.json");
        CompletableFuture<AgentJvm.Result> jsonJvm = CompletableFuture.supplyAsync(() -> touch(js));
        markdownRun = touch(md);
        jsonRun = jsonJvm.get();
        markdown = read(md, markdownRun);
        json = read(js, jsonRun);
        report = Json.object(json);
    }

    private static AgentJvm.Result touch(Path report) {
        AgentJvm.Result result = AgentJvm.main(TouchApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("trace=" + TouchApp.TRACED + ",sink=stderr,dump=exit,report=" + report)
                .args(String.valueOf(PAGES), String.valueOf(CALLS)).run();
        assertEquals(0, result.exitCode, result::toString);
        return result;
    }

    private static String read(Path file, AgentJvm.Result run) throws IOException {
        assertTrue(Files.isRegularFile(file), () -> "no report at " + file + "\n" + run);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The mode's name as faultline spells it, from {@code /proc/sys/vm/overcommit_memory}. */
    private static String overcommitMode() throws IOException {
        String value = Files.readString(Path.of("/proc/sys/vm/overcommit_memory")).trim();
        switch (value) {
            case "0":
                return "heuristic";
            case "1":
                return "always";
            case "2":
                return "never";
            default:
                throw new AssertionError("unknown overcommit_memory " + value);
        }
    }

    // ---- JSON

    @Test
    void jsonReportIsWellFormed() {
        assertEquals(List.of("methods", "process", "system", "container", "unmatchedPatterns"),
                new ArrayList<>(report.keySet()));
    }

    @Test
    void jsonReportNamesTheMemoryCgroupTheAppRanInAndItsRun() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> container = (Map<String, Object>) report.get("container");
        // the app's JVM was started by this one, in its cgroup
        String memoryLine = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                .filter(l -> l.split(":", 3)[1].equals("memory")).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(memoryLine != null, "no v1 memory cgroup here: "
                + Files.readString(Path.of("/proc/self/cgroup")));
        assertEquals(true, container.get("available"), container::toString);
        assertEquals(1L, container.get("cgroupVersion"));
        assertEquals(memoryLine.split(":", 3)[2], container.get("cgroupPath"));
        assertTrue(container.get("headroomBytes") instanceof Long, container::toString);
        assertEquals(List.of("available", "cgroupVersion", "cgroupPath", "usageBytes", "bindingLimitBytes",
                "bindingLimitPath", "headroomBytes", "headroomBound", "oomKills", "lowestHeadroomBytes",
                "lowestHeadroomEpochMillis", "lowestHeadroomBound", "oomKillsDuringRun", "oomRiskWarnings",
                "highestPressureSome10"), new ArrayList<>(container.keySet()), "the same keys whether the monitor ran");
        if (container.get("oomKillsDuringRun") != null) { // the monitor ran: this short app may end before it starts
            assertEquals(0L, container.get("oomKillsDuringRun"));
            assertEquals(0L, container.get("oomRiskWarnings"), "far from every limit here: " + container);
        } else {
            assertEquals(null, container.get("lowestHeadroomBytes"), "without the monitor no run figure: " + container);
        }
    }

    @Test
    void jsonReportCountsTheTracedCallsAndTheirDumps() {
        Map<String, Object> method = onlyMethod();
        assertEquals(TouchApp.TRACED, method.get("method"));
        assertEquals((long) CALLS, method.get("calls"));
        assertEquals((long) CALLS, method.get("measuredCalls"));
        assertEquals((long) CALLS, method.get("dumps"));
        assertEquals(0L, method.get("suppressed"));
        assertEquals(0L, method.get("errors"));
    }

    @Test
    void jsonReportPercentilesAreOrdered() {
        Map<String, Object> method = onlyMethod();
        long p50 = (Long) method.get("p50Nanos");
        long p99 = (Long) method.get("p99Nanos");
        assertTrue(p50 > 0 && p99 >= p50, () -> "p50 " + p50 + ", p99 " + p99);
    }

    @Test
    void jsonReportPercentilesAreNeverAboveTheLongestCall() {
        // the histogram answers with a bucket's upper edge, which may lie above every recorded duration
        Map<String, Object> method = onlyMethod();
        long p99 = (Long) method.get("p99Nanos");
        long max = (Long) method.get("maxNanos");
        assertTrue(p99 <= max, () -> "p99 " + p99 + " ns above the longest call, " + max + " ns");
    }

    @Test
    void jsonReportMinorFaultsSumTheTouchedPages() {
        long faults = (Long) onlyMethod().get("minorFaults");
        assertTrue(Math.abs(faults - (long) PAGES * CALLS) <= PAGES * CALLS / 100,
                () -> "minorFaults " + faults + ", touched " + PAGES * CALLS);
        assertEquals(0L, onlyMethod().get("majorFaults"));
    }

    @Test
    void jsonReportRssChangeIsTheTouchedMemory() {
        long delta = (Long) onlyMethod().get("rssDeltaBytes");
        long touched = PAGES * CALLS * PAGE;
        assertTrue(Math.abs(delta - touched) <= touched / 10, () -> "rssDeltaBytes " + delta + ", touched " + touched);
    }

    @Test
    void jsonReportHasPeakRssAndTheOvercommitMode() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> process = (Map<String, Object>) report.get("process");
        @SuppressWarnings("unchecked")
        Map<String, Object> system = (Map<String, Object>) report.get("system");
        assertEquals(true, process.get("available"));
        long peak = (Long) process.get("peakRssBytes");
        assertTrue(peak >= (Long) process.get("rssBytes") && peak >= PAGES * PAGE, () -> "peakRssBytes " + peak);
        assertEquals(overcommitMode(), system.get("overcommitMode"));
        assertTrue((Long) system.get("commitLimitBytes") > 0);
        assertEquals(List.of(), report.get("unmatchedPatterns"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyMethod() {
        List<Object> methods = (List<Object>) report.get("methods");
        assertEquals(1, methods.size(), json);
        return (Map<String, Object>) methods.get(0);
    }

    // ---- Markdown

    @Test
    void markdownReportHasARowForTheTracedMethod() {
        List<String> row = markdownRow();
        assertEquals(List.of("`" + TouchApp.TRACED + "`", String.valueOf(CALLS), String.valueOf(CALLS), "0", "0"),
                row.subList(0, 5));
        double p50 = millis(row.get(5));
        double p99 = millis(row.get(6));
        assertTrue(p50 > 0 && p99 >= p50, () -> "p50 " + p50 + " ms, p99 " + p99 + " ms");
        long faults = Long.parseLong(row.get(8));
        assertTrue(Math.abs(faults - (long) PAGES * CALLS) <= PAGES * CALLS / 100, () -> "minor faults " + faults);
        assertEquals("0", row.get(9));
        Matcher rss = Pattern.compile("\\+?(\\d+\\.\\d) MiB").matcher(row.get(10));
        assertTrue(rss.matches(), row.get(10));
        double touchedMib = PAGES * CALLS * PAGE / 1048576.0;
        assertTrue(Math.abs(Double.parseDouble(rss.group(1)) - touchedMib) <= touchedMib / 10, row.get(10));
    }

    @Test
    void markdownReportPercentilesAreNeverAboveTheLongestCall() {
        List<String> row = markdownRow();
        double p99 = millis(row.get(6));
        double max = millis(row.get(7));
        assertTrue(p99 <= max, () -> "p99 " + p99 + " ms above the longest call, " + max + " ms");
    }

    @Test
    void markdownReportHasPeakRssAndTheOvercommitMode() throws IOException {
        assertTrue(Pattern.compile("(?m)^- peak RSS: \\d+\\.\\d MiB, RSS at exit: \\d+\\.\\d MiB").matcher(markdown).find(),
                markdown);
        assertTrue(markdown.contains("\n- overcommit mode: " + overcommitMode() + " ("), markdown);
    }

    private static List<String> markdownRow() {
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| `" + TouchApp.TRACED + "`")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(cell.trim());
                }
                assertEquals(11, cells.size(), line);
                return cells;
            }
        }
        throw new AssertionError("no row for " + TouchApp.TRACED + " in\n" + markdown);
    }

    private static double millis(String cell) {
        assertTrue(cell.matches("\\d+\\.\\d{3} ms"), cell);
        return Double.parseDouble(cell.substring(0, cell.length() - 3));
    }

    // ---- a call that never returned

    @Test
    void aTracedMainThatEndsInSystemExitIsNotMeasuredRatherThanZeroMilliseconds() throws IOException {
        Path md = dir.resolve("exit/r.md");
        Path js = dir.resolve("exit/r.json");
        for (Path report : List.of(md, js)) {
            AgentJvm.Result run = AgentJvm.main(ExitingApp.class)
                    .options("trace=com.acme.ExitingApp#*,dump=none,report=" + report).run();
            assertEquals(0, run.exitCode, run::toString);
            assertEquals("", run.stderr, run::toString);
        }
        String text = Files.readString(md, StandardCharsets.UTF_8);
        List<String> main = rowOf(text, "com.acme.ExitingApp#main");
        assertEquals(List.of("1", "not measured", "not measured", "not measured"),
                List.of(main.get(1), main.get(5), main.get(6), main.get(7)), text);
        List<String> step = rowOf(text, "com.acme.ExitingApp#step");
        assertEquals("3", step.get(1), text);
        assertTrue(millis(step.get(7)) >= 2.0, text); // it sleeps 2 ms
        assertTrue(text.contains("not measured: no such call returned before exit"), text);

        Map<String, Object> json = Json.object(Files.readString(js, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<Object> methods = (List<Object>) json.get("methods");
        for (Object m : methods) {
            @SuppressWarnings("unchecked")
            Map<String, Object> method = (Map<String, Object>) m;
            if (method.get("method").equals("com.acme.ExitingApp#main")) {
                assertEquals(0L, method.get("measuredCalls"), method::toString);
                assertTrue(method.containsKey("maxNanos") && method.get("maxNanos") == null, method::toString);
                assertTrue(method.get("p50Nanos") == null && method.get("p99Nanos") == null, method::toString);
            } else {
                assertTrue(((Long) method.get("maxNanos")) >= 2_000_000L, method::toString);
            }
        }
        assertEquals(2, methods.size(), json::toString);
    }

    private static List<String> rowOf(String markdown, String method) {
        for (String line : markdown.split("\\R")) {
            if (line.startsWith("| `" + method + "` |")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(cell.trim());
                }
                return cells;
            }
        }
        throw new AssertionError("no row for " + method + " in\n" + markdown);
    }

    // ---- paths that cannot be written

    @Test
    void aReportFolderThatIsNotWritableIsSaidAtStartAndTheAppRunsUntraced() {
        // /proc/self is not writable, not even for root
        AgentJvm.Result run = AgentJvm.main(TouchApp.class)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("trace=" + TouchApp.TRACED + ",dump=entry,sink=stderr,report=/proc/self/r.md")
                .args("16", "1", "3").run();
        assertEquals(3, run.exitCode, run::toString);
        assertTrue(run.stdout.contains("touched 16 pages 1 times"), run::toString);
        assertEquals(List.of("faultline: error: bad value '/proc/self/r.md' for option 'report': folder '/proc/self'"
                + " is not writable", "faultline: the application runs without tracing"), lines(run.stderr), run::toString);
    }

    @Test
    void aReportUnderAFileIsSaidAtStartNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path report = file.resolve("sub/r.md");
        AgentJvm.Result run = AgentJvm.main(HelloApp.class).options("trace=com.acme.HelloApp#greet,report=" + report)
                .run();
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("hello, world", run.stdout.strip(), run::toString);
        assertEquals(List.of("faultline: error: bad value '" + report + "' for option 'report': parent '" + file
                + "' is a file", "faultline: the application runs without tracing"), lines(run.stderr), run::toString);
    }

    @Test
    void missingFoldersOfTheReportAreCreated() throws IOException {
        Path report = dir.resolve("missing/one/two/r.md");
        AgentJvm.Result run = AgentJvm.main(HelloApp.class)
                .options("trace=com.acme.HelloApp#greet,dump=none,report=" + report).run();
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("", run.stderr, run::toString);
        assertTrue(Files.readString(report, StandardCharsets.UTF_8).contains("| `com.acme.HelloApp#greet` | 1 |"),
                run::toString);
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Just enough JSON: objects, arrays, strings, whole numbers, true, false, null; anything else fails. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length()) {
                throw json.error("text after the top-level value");
            }
            if (!(value instanceof Map)) {
                throw json.error("the top-level value is not an object");
            }
            return (Map<String, Object>) value;
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw error("a value is missing");
            }
            char c = text.charAt(at);
            if (c == '{') {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                if (next('}')) {
                    return map;
                }
                do {
                    space();
                    if (at >= text.length() || text.charAt(at) != '"') {
                        throw error("a key that is not a quoted string");
                    }
                    String key = string();
                    expect(':');
                    if (map.put(key, value()) != null) {
                        throw error("key '" + key + "' twice");
                    }
                } while (next(','));
                expect('}');
                return map;
            }
            if (c == '[') {
                at++;
                List<Object> list = new ArrayList<>();
                if (next(']')) {
                    return list;
                }
                do {
                    list.add(value());
                } while (next(','));
                expect(']');
                return list;
            }
            if (c == '"') {
                return string();
            }
            Matcher m = Pattern.compile("-?\\d+|true|false|null").matcher(text).region(at, text.length());
            if (!m.lookingAt()) {
                throw error("not a value");
            }
            at = m.end();
            switch (m.group()) {
                case "true":
                    return true;
                case "false":
                    return false;
                case "null":
                    return null;
                default:
                    return Long.parseLong(m.group());
            }
        }

        private String string() {
            StringBuilder s = new StringBuilder();
            at++;
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c < 0x20) {
                    throw error("a control character in a string");
                }
                if (c == '\\') {
                    char e = text.charAt(at++);
                    if (e == 'u') {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    } else if (e == '"' || e == '\\' || e == '/') {
                        s.append(e);
                    } else {
                        s.append(String.valueOf("\b\f\n\r\t".charAt("bfnrt".indexOf(e))));
                    }
                } else {
                    s.append(c);
                }
            }
            if (at >= text.length()) {
                throw error("an unterminated string");
            }
            at++;
            return s.toString();
        }

        private boolean next(char c) {
            space();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!next(c)) {
                throw error("'" + c + "' expected");
            }
        }

        private void space() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private AssertionError error(String what) {
            return new AssertionError(String.format(Locale.ROOT, "bad JSON at offset %d: %s:%n%s", at, what, text));
        }
    }

    @Test
    void jsonCheckerRefusesUnquotedKeysAndUnbalancedBraces() {
        assertFalse(parses("{\"a\": {\"b\": 1}"));
        assertFalse(parses("{a: 1}"));
        assertFalse(parses("{\"a\": [1, 2,]}"));
        assertTrue(parses("{\"a\": [1, -2], \"b\": {\"c\": \"x\\\"y\"}, \"d\": null}"));
    }

    private static boolean parses(String text) {
        try {
            Json.object(text);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
