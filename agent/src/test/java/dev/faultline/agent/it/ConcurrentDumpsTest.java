package dev.faultline.agent.it;

import com.acme.ConcurrentApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Threads that dump at the same time: each dump is written whole, never interleaved with another. */
class ConcurrentDumpsTest {
    private static final int THREADS = 4;
    private static final int CALLS = 50;
    private static final String START = "-------------------- Start trace --------------------";
    private static final String END = "--------------------- End trace ---------------------";
    private static final Pattern FIRST = Pattern.compile(
            "com\\.acme\\.ConcurrentApp\\.work\\(ConcurrentApp\\.java:\\d+\\)  \\[thread (worker-\\d), entry, .*]");
    private static final String OPTIONS = "trace=com.acme.ConcurrentApp#work,max-per-second=100000,";

    @Test
    void dumpsOfFourThreadsOnStderrAreEachWhole() {
        AgentJvm.Result result = AgentJvm.main(ConcurrentApp.class).options(OPTIONS + "sink=stderr")
                .jvmArgs("-XX:+PreserveFramePointer").args(String.valueOf(THREADS), String.valueOf(CALLS)).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("sum " + THREADS * (CALLS * (CALLS - 1) / 2), result.stdout.strip(), result::toString);
        assertWholeDumps(result.stderr);
    }

    @Test
    void dumpsOfFourThreadsInAFileAreEachWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dumps.log");
        AgentJvm.Result result = AgentJvm.main(ConcurrentApp.class).options(OPTIONS + "sink=file:" + file)
                .jvmArgs("-XX:+PreserveFramePointer").args(String.valueOf(THREADS), String.valueOf(CALLS)).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("", result.stderr, result::toString);
        assertWholeDumps(Files.readString(file));
    }

    /**
     * Reads every line: start and end lines alternate, the first frame is {@code work} with
     * its header, each frame is indented two spaces more than the one above, and every
     * thread dumped each of its calls.
     */
    private static void assertWholeDumps(String text) {
        List<String> lines = text.lines().toList();
        int dumps = 0;
        int depth = -1; // -1: between dumps
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = "line " + (i + 1) + ": '" + line + "'";
            if (depth < 0) {
                assertEquals(START, line, where);
                depth = 0;
            } else if (line.equals(END)) {
                assertTrue(depth > 1, where);
                dumps++;
                depth = -1;
            } else if (depth == 0) {
                var first = FIRST.matcher(line);
                assertTrue(first.matches(), where);
                threads.add(first.group(1));
                depth = 1;
            } else {
                if (!line.startsWith("  ".repeat(depth)) || line.charAt(2 * depth) == ' ') {
                    fail("not indented by " + 2 * depth + " spaces, " + where);
                }
                assertTrue(!line.contains("Start trace") && !line.contains("End trace") && !line.contains("["
                        + "thread "), where);
                depth++;
            }
        }
        assertEquals(-1, depth, "the last dump is not ended");
        assertEquals(THREADS * CALLS, dumps);
        assertEquals(THREADS, threads.size(), threads::toString);
    }
}
