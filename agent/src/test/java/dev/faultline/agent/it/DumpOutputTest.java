package dev.faultline.agent.it;

import com.acme.FailingApp;
import com.acme.PageToucherApp;
import com.acme.StoreApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dump format of DESIGN.md, and when each {@code dump=} mode prints. */
class DumpOutputTest {
    private static final String START = "-------------------- Start trace --------------------";
    private static final String END = "--------------------- End trace ---------------------";
    private static final String LOAD = "trace=com.acme.StoreApp#load,sink=stderr";
    private static final Pattern ENTRY_HEADER = Pattern.compile(
            "com\\.acme\\.StoreApp\\.load\\(StoreApp\\.java:\\d+\\)"
                    + "  \\[thread main, entry, minflt \\+0, majflt \\+0, rss \\d+\\.\\d MiB]");
    private static final Pattern EXIT_HEADER = Pattern.compile(
            "com\\.acme\\.PageToucherApp\\.touch\\(PageToucherApp\\.java:\\d+\\)  \\[thread main, exit, \\d+\\.\\d{3} ms,"
                    + " minflt \\+(\\d+), majflt \\+\\d+, rss [+-]\\d+\\.\\d MiB \\(\\d+\\.\\d MiB\\), cpu \\d+\\.\\d{3} ms"
                    + " \\(user \\d+\\.\\d{3} ms, sys \\d+\\.\\d{3} ms\\), vcsw \\d+, ivcsw \\d+]");
    /** {@code symbol+0xOFFSET [library]}, or {@code 0xADDRESS [library]} without a symbol. */
    private static final Pattern NATIVE_FRAME = Pattern.compile("(\\S.*\\+0x[0-9a-f]+|0x[0-9a-f]+) \\[[^\\]]+]");
    private static final String PRESERVE_FRAME_POINTER = "-XX:+PreserveFramePointer";
    private static final int PAGES = 5000;
    /** Runs that several tests read, by what was run: each JVM runs once. */
    private static final Map<String, AgentJvm.Result> RUNS = new ConcurrentHashMap<>();
    private static final String UNSEEN =
            "(native frames below not visible: run the JVM with -XX:+PreserveFramePointer to see them)";

    @Test
    void entryDumpIsStartLineTracedMethodWithHeaderCallersAndEndLine() {
        AgentJvm.Result result = run(LOAD + ",native=false");

        List<String> dump = onlyDump(result);
        assertEquals(START, dump.get(0), result::toString);
        assertTrue(ENTRY_HEADER.matcher(dump.get(1)).matches(), dump.get(1));
        assertEquals("  " + ownStack(result).get(1), dump.get(2), result::toString);
        assertEquals(END, dump.get(dump.size() - 1), result::toString);
        assertTrue(result.stdout.contains("loaded 42"), result::toString);
    }

    @Test
    void javaFramesAreWhatThreadGetStackTraceShowsInTheTracedMethod() {
        AgentJvm.Result result = run(LOAD + ",native=false");

        assertEquals(ownStack(result), withoutHeader(frames(onlyDump(result))), result::toString);
    }

    @Test
    void withPreserveFramePointerNativeFramesGoBetweenAndBelowTheJavaFrames() {
        AgentJvm.Result result = run(LOAD, PRESERVE_FRAME_POINTER);

        List<String> frames = withoutHeader(frames(onlyDump(result)));
        List<String> java = new ArrayList<>();
        for (String frame : frames) {
            if (!NATIVE_FRAME.matcher(frame).matches()) {
                java.add(frame);
            }
        }
        assertEquals(ownStack(result), java, result::toString);
        // Method.invoke calls load from the JVM: its native frames lie between load and invoke0
        int invoke0 = frames.indexOf(java.get(1));
        List<String> between = frames.subList(1, invoke0);
        assertTrue(between.stream().anyMatch(f -> f.matches("JavaCalls::call_helper\\+0x[0-9a-f]+ \\[libjvm\\.so]")),
                result::toString);
        assertTrue(between.stream().anyMatch(f -> f.matches("JVM_InvokeMethod\\+0x[0-9a-f]+ \\[libjvm\\.so]")),
                result::toString);
        List<String> below = frames.subList(frames.indexOf(java.get(java.size() - 1)) + 1, frames.size());
        assertTrue(below.stream().anyMatch(f -> f.matches("JavaCalls::call_helper\\+0x[0-9a-f]+ \\[libjvm\\.so]")),
                result::toString);
        int startThread = indexOfMatch(below, "start_thread\\+0x[0-9a-f]+ \\[libc\\.so\\.6]");
        // below start_thread only the clone that made the thread, if the walk goes that far
        assertTrue(startThread >= 0 && startThread >= below.size() - 2, result::toString);
    }

    @Test
    void framesAreIndentedTwoSpacesPerDepth() {
        AgentJvm.Result result = run(LOAD, PRESERVE_FRAME_POINTER);

        List<String> frames = frames(onlyDump(result));
        assertTrue(frames.size() > 10, result::toString);
        for (int depth = 0; depth < frames.size(); depth++) {
            String line = frames.get(depth);
            assertTrue(line.startsWith("  ".repeat(depth)) && line.charAt(2 * depth) != ' ',
                    "line " + depth + " is not indented by " + 2 * depth + " spaces: '" + line + "'");
        }
    }

    @Test
    void withoutPreserveFramePointerTheLastLineSaysHowToSeeNativeFrames() {
        AgentJvm.Result result = run(LOAD);

        List<String> frames = withoutHeader(frames(onlyDump(result)));
        List<String> expected = new ArrayList<>(ownStack(result));
        expected.add(UNSEEN);
        assertEquals(expected, frames, result::toString);
    }

    @Test
    void theAgentsOwnFramesNeverAppear() {
        for (AgentJvm.Result result : List.of(run(LOAD, PRESERVE_FRAME_POINTER), run(LOAD))) {
            for (String frame : frames(onlyDump(result))) {
                assertFalse(frame.contains("dev.faultline.") || frame.contains("jnr.") || frame.contains("jffi")
                        || frame.contains("libunwind") || frame.contains("net.bytebuddy"), () -> frame + "\n" + result);
            }
        }
    }

    @Test
    void nativeFalseShowsJavaFramesOnlyWithNoLineAboutNativeFrames() {
        AgentJvm.Result result = run(LOAD + ",native=false", PRESERVE_FRAME_POINTER);

        assertEquals(ownStack(result), withoutHeader(frames(onlyDump(result))), result::toString);
    }

    @Test
    void depthLimitsTheFramesAndCountsTheRest() {
        AgentJvm.Result result = run(LOAD + ",native=false,depth=3");

        List<String> frames = frames(onlyDump(result));
        List<String> stack = ownStack(result);
        assertEquals(stack.subList(0, 3), withoutHeader(frames.subList(0, 3)), result::toString);
        assertEquals(List.of("      (" + (stack.size() - 3) + " more frames)"), frames.subList(3, frames.size()),
                result::toString);
    }

    @Test
    void exitDumpHeaderHasTheDurationAndTheCallsDeltas() {
        AgentJvm.Result result = touchPages();

        List<List<String>> dumps = AgentJvm.Result.dumps(result.stderr);
        assertEquals(2, dumps.size(), result::toString);
        for (List<String> dump : dumps) {
            assertTrue(EXIT_HEADER.matcher(dump.get(1)).matches(), dump.get(1));
        }
    }

    @Test
    void touchingFreshPagesShowsOneMinorFaultEachInTheExitHeader() {
        AgentJvm.Result result = touchPages();

        List<List<String>> dumps = AgentJvm.Result.dumps(result.stderr);
        assertEquals(2, dumps.size(), result::toString);
        Matcher header = EXIT_HEADER.matcher(dumps.get(1).get(1));
        assertTrue(header.matches(), result::toString);
        long minorFaults = Long.parseLong(header.group(1));
        assertTrue(Math.abs(minorFaults - PAGES) <= PAGES / 100,
                () -> "minflt +" + minorFaults + " for " + PAGES + " fresh pages\n" + result);
        assertTrue(result.stdout.contains("touched " + PAGES), result::toString);
    }

    @Test
    void dumpErrorPrintsOnlyForTheCallThatThrowsAndNamesTheException() {
        AgentJvm.Result result = AgentJvm.main(FailingApp.class)
                .options("trace=com.acme.FailingApp#check,sink=stderr,dump=error,native=false").run();

        List<String> dump = onlyDump(result);
        assertTrue(dump.get(1).matches("com\\.acme\\.FailingApp\\.check\\(FailingApp\\.java:\\d+\\)"
                + "  \\[thread main, error java\\.lang\\.IllegalStateException, \\d+\\.\\d{3} ms, minflt .*]"),
                result::toString);
        assertEquals(failingAppOutput(), result.stdout.lines().toList(), result::toString);
    }

    @Test
    void dumpExitPrintsEveryCallAndTellsReturnFromThrow() {
        AgentJvm.Result result = AgentJvm.main(FailingApp.class)
                .options("trace=com.acme.FailingApp#check,sink=stderr,dump=exit,native=false").run();

        List<String> outcomes = new ArrayList<>();
        for (List<String> dump : AgentJvm.Result.dumps(result.stderr)) {
            Matcher m = Pattern.compile(".*\\[thread main, (exit|error [\\w.]+), .*").matcher(dump.get(1));
            assertTrue(m.matches(), dump.get(1));
            outcomes.add(m.group(1));
        }
        assertEquals(List.of("exit", "exit", "error java.lang.IllegalStateException", "exit"), outcomes,
                result::toString);
    }

    @Test
    void dumpNonePrintsNothing() {
        AgentJvm.Result result = AgentJvm.main(FailingApp.class)
                .options("trace=com.acme.FailingApp#check,sink=stderr,dump=none").run();

        assertEquals("", result.stderr, result::toString);
        assertEquals(failingAppOutput(), result.stdout.lines().toList(), result::toString);
        assertEquals(0, result.exitCode, result::toString);
    }

    private static AgentJvm.Result run(String options, String... jvmArgs) {
        return RUNS.computeIfAbsent("StoreApp " + options + " " + String.join(" ", jvmArgs),
                key -> AgentJvm.main(StoreApp.class).options(options).jvmArgs(jvmArgs).run());
    }

    /** {@code PageToucherApp} touching a few pages, then {@link #PAGES}, with exit dumps. */
    private static AgentJvm.Result touchPages() {
        return RUNS.computeIfAbsent("PageToucherApp", key -> AgentJvm.main(PageToucherApp.class)
                .options("trace=com.acme.PageToucherApp#touch,sink=stderr,dump=exit,native=false")
                .args(String.valueOf(PAGES)).run());
    }

    private static List<String> failingAppOutput() {
        return List.of("check 0 = 0", "check 1 = 10", "check 2 threw bad 2", "check 3 = 30");
    }

    /** The one dump on stderr; the run must have gone well. */
    private static List<String> onlyDump(AgentJvm.Result result) {
        assertEquals(0, result.exitCode, result::toString);
        List<List<String>> dumps = AgentJvm.Result.dumps(result.stderr);
        assertEquals(1, dumps.size(), result::toString);
        return dumps.get(0);
    }

    /** The frame lines of a dump, as printed (indented). */
    private static List<String> frames(List<String> dump) {
        return dump.subList(1, dump.size() - 1);
    }

    /** The frame lines without indentation, and without the header on the first. */
    private static List<String> withoutHeader(List<String> frames) {
        List<String> bare = new ArrayList<>();
        for (String frame : frames) {
            bare.add(frame.strip());
        }
        String first = bare.get(0);
        int header = first.indexOf("  [thread ");
        assertTrue(header > 0, () -> "no header: " + first);
        bare.set(0, first.substring(0, header));
        return bare;
    }

    /** What {@code StoreApp.load} printed of its own stack. */
    private static List<String> ownStack(AgentJvm.Result result) {
        List<String> stack = new ArrayList<>();
        for (String line : result.stdout.lines().toList()) {
            if (line.startsWith("STACK ")) {
                stack.add(line.substring(6));
            }
        }
        assertEquals(7, stack.size(), result::toString);
        return stack;
    }

    private static int indexOfMatch(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }
}
