package dev.faultline.examples;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the demo as {@code ./faultline demo} does (the agent, frame pointers; output not a
 * terminal) with a 256 MiB mapping of which 64 MiB (16,384 pages) are touched, and checks
 * what it shows against those known numbers and its JFR recording.
 */
class DemoTest {
    private static final long PAGES = 16_384;

    @TempDir
    static Path dir;

    private static ForkedJvm.Ran ran;
    private static Path jfr;

    @BeforeAll
    static void runTheDemo() {
        jfr = dir.resolve("demo.jfr");
        ran = ForkedJvm.of(Demo.class).agent("sink=stderr").args("--size=256m", "--touch=64m", "--jfr=" + jfr).run();
    }

    @Test
    void theLaunchLineAndTheTracedMethodsMixedBacktraceAreShown() {
        assertTrue(ran.stdout().contains("This JVM runs with: ") && ran.stdout().contains("-XX:+PreserveFramePointer")
                && ran.stdout().contains("-javaagent:"), ran.stdout());
        List<List<String>> dumps = ran.stderrDumps();
        assertEquals(1, dumps.size(), "one dump; the demo turns dumps off after it:\n" + ran);
        String dump = String.join("\n", dumps.get(0));
        assertTrue(dumps.get(0).get(1).startsWith("dev.faultline.examples.Demo$Traced.firstCall(Demo.java:"), dump);
        int main = dump.indexOf("dev.faultline.examples.Demo.main(Demo.java:");
        assertTrue(main > 0, dump);
        String belowMain = dump.substring(main);
        assertTrue(belowMain.contains("JavaCalls::call_helper+0x") && belowMain.contains("[libjvm.so]")
                && belowMain.contains("[libc.so.6]"), dump);
    }

    @Test
    void touchingCostsOneMinorFaultPerPageAndDontNeedGivesEveryPageBack() {
        Matcher faults = Pattern.compile("minor faults +([\\d,]+) for ([\\d,]+) pages touched").matcher(ran.stdout());
        assertTrue(faults.find(), ran.stdout());
        assertEquals(PAGES, number(faults.group(2)));
        long counted = number(faults.group(1));
        // the thread's faults: the pages, plus the tracer's own work for 32 traced calls
        assertTrue(counted >= PAGES && counted <= PAGES + PAGES / 50, faults.group());

        Matcher resident = Pattern.compile("resident +([\\d,]+) of ([\\d,]+) pages").matcher(ran.stdout());
        assertTrue(resident.find(), ran.stdout());
        assertEquals(PAGES, number(resident.group(1)));
        assertTrue(ran.stdout().contains("resident       0 pages"), "MADV_DONTNEED gives every page back:\n" + ran);
    }

    @Test
    void withoutATerminalTheProgressIsPlainLines() {
        assertFalse(ran.stdout().contains("\r"), "no carriage returns when stdout is not a terminal");
        assertTrue(Pattern.compile("^ +100% +16,384 pages +RSS", Pattern.MULTILINE).matcher(ran.stdout()).find(),
                ran.stdout());
    }

    @Test
    void overcommitModeAndMapNoReserveAreShown() {
        assertTrue(Pattern.compile("overcommit mode: [012] \\((heuristic|always|never)\\)").matcher(ran.stdout()).find(),
                ran.stdout());
        assertTrue(Pattern.compile("^ {4}plain +(granted|refused)", Pattern.MULTILINE).matcher(ran.stdout()).find()
                && Pattern.compile("^ {4}MAP_NORESERVE +(granted|refused)", Pattern.MULTILINE).matcher(ran.stdout())
                .find(), ran.stdout());
    }

    @Test
    void theRecordingHoldsTheTracedCallsWithTheirFaults() throws IOException {
        List<RecordedEvent> traces = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("faultline.MethodTrace")).toList();
        List<RecordedEvent> chunks = traces.stream()
                .filter(e -> e.getString("method").equals("dev.faultline.examples.Demo$Traced#touchChunk")).toList();
        assertEquals(32, chunks.size(), "one event per chunk of 512 pages");
        long faults = chunks.stream().mapToLong(e -> e.getLong("minorFaults")).sum();
        assertTrue(faults >= PAGES && faults <= PAGES + PAGES / 100, "the chunks' faults add up to the pages: " + faults);
        assertTrue(traces.stream().anyMatch(e -> e.getString("method").equals("dev.faultline.examples.Demo$Traced#firstCall")
                && e.getString("nativeStack").contains("[libjvm.so]")), "the first call carries its dump");
        assertTrue(ran.stdout().contains("jfr print --events faultline.MethodTrace " + jfr), ran.stdout());
    }

    @Test
    void theRecordingStepStatesOnlyCountsThatAreTheSameInEveryRun() {
        // one event per traced call: the first call and the 32 chunks; the periodic events and the
        // JDK's depend on how long the run took, so no number is given for them
        String notice = ran.stdout().lines().filter(l -> l.contains("Notice the faultline events")).findFirst()
                .orElseThrow(() -> new AssertionError("no notice of the recording in\n" + ran.stdout()));
        assertTrue(Pattern.matches(" +Notice the faultline events beside the JDK's own: 33 faultline\\.MethodTrace,"
                + " one per traced call(; [a-zA-Z. ]+ once a period of the memory monitor \\(how many depends on how"
                + " long the run took\\))?; in " + Pattern.quote(jfr.toString()) + "\\.", notice), notice);
    }

    @Test
    void withoutTheAgentTheDemoTakesTheBacktraceThroughTheNativeBridge() {
        ForkedJvm.Ran plain = ForkedJvm.of(Demo.class).args("--size=64m", "--touch=4m", "--jfr=" + dir.resolve("no.jfr"))
                .run();
        assertTrue(plain.stdout().contains("The agent is not loaded"), plain.stdout());
        assertTrue(plain.stdout().contains("-------------------- Start trace --------------------")
                && plain.stdout().contains("dev.faultline.examples.Demo.main(Demo.java:")
                && plain.stdout().contains("[libjvm.so]"), plain.stdout());
        assertTrue(plain.stdout().contains("none in "), "no faultline events without the agent:\n" + plain.stdout());
    }

    @Test
    void aBadArgumentIsNamedWithWhatIsAccepted() {
        ForkedJvm.Ran bad = ForkedJvm.of(Demo.class).args("--size=lots").runAllowingFailure();
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("'--size=lots'") && bad.stderr().contains("512m"), bad.stderr());
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
