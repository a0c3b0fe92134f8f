package dev.faultline.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example 01 under the agent: the dump of the {@code @Trace} method holds the same Java
 * frames that {@code Thread.getStackTrace} gave inside the call (ground truth), indented two
 * spaces a level, and goes on below {@code main} into the JVM's and libc's frames.
 */
class Example01ShowBacktraceTest {
    private static final String OPEN = "dev.faultline.examples.Example01ShowBacktrace$Box.open(";

    @Test
    void theDumpHoldsJavasOwnFramesThenTheNativeFramesBelowMain() {
        ForkedJvm.Ran ran = ForkedJvm.of(Example01ShowBacktrace.class).agent("sink=stderr").run();
        List<String> dump = dumpOfOpen(ran);
        List<String> frames = frames(dump);
        List<String> javaSees = ran.stdout().lines().filter(l -> l.startsWith(Example01ShowBacktrace.JAVA_SEES))
                .map(l -> l.substring(Example01ShowBacktrace.JAVA_SEES.length())).toList();
        assertEquals(3, javaSees.size(), ran.toString());

        // the first line carries the header after the frame; the entry probe's line may differ from getStackTrace's
        assertTrue(frames.get(0).startsWith(OPEN), dump.toString());
        assertEquals(javaSees.subList(1, 3), frames.subList(1, 3), "callers' frames as Java prints them");
        assertTrue(frames.get(2).startsWith("dev.faultline.examples.Example01ShowBacktrace.main("), dump.toString());

        List<String> belowMain = frames.subList(3, frames.size());
        assertTrue(belowMain.stream().anyMatch(f -> f.startsWith("JavaCalls::call_helper+0x") && f.endsWith("[libjvm.so]")),
                "the JVM's frames below main:\n" + String.join("\n", dump));
        assertTrue(belowMain.stream().anyMatch(f -> f.startsWith("JavaMain+0x") && f.endsWith("[libjli.so]")),
                String.join("\n", dump));
        assertTrue(belowMain.stream().anyMatch(f -> f.endsWith("[libc.so.6]")), String.join("\n", dump));
        for (int depth = 0; depth < frames.size(); depth++) {
            assertTrue(dump.get(depth + 1).startsWith("  ".repeat(depth) + frames.get(depth)),
                    "two spaces a level at depth " + depth + ":\n" + String.join("\n", dump));
        }
        assertTrue(ran.stdout().contains("found: a blue box"), "the traced method's result is unchanged");
    }

    @Test
    void withoutFramePointersTheDumpSaysTheNativeFramesBelowAreNotVisible() {
        ForkedJvm.Ran ran = ForkedJvm.of(Example01ShowBacktrace.class).agent("sink=stderr").withoutFramePointers()
                .run();
        List<String> frames = frames(dumpOfOpen(ran));
        assertTrue(frames.get(frames.size() - 1).contains("native frames below not visible")
                && frames.get(frames.size() - 1).contains("-XX:+PreserveFramePointer"), frames.toString());
        assertTrue(frames.stream().noneMatch(f -> f.endsWith("[libc.so.6]")), frames.toString());
    }

    private static List<String> dumpOfOpen(ForkedJvm.Ran ran) {
        List<List<String>> dumps = ran.stderrDumps();
        assertEquals(1, dumps.size(), ran.toString());
        return dumps.get(0);
    }

    /** The frame lines of a dump, without indentation, start and end lines. */
    private static List<String> frames(List<String> dump) {
        return dump.subList(1, dump.size() - 1).stream().map(String::strip).toList();
    }
}
