package dev.faultline.agent.it;

import com.acme.ManyThreadsApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 8 threads × 10,000 traced calls: whole dumps, exact call counts in the MXBean. */
class ManyThreadsTest {

    @Test
    void eightThreadsOfTenThousandCallsGiveWholeDumpsAndExactCountsInTheMxBean() throws Exception {
        Path file = Files.createTempFile("faultline-many", ".log");
        try {
            AgentJvm.Result run = AgentJvm.main(ManyThreadsApp.class)
                    .options("trace=com.acme.ManyThreadsApp#work,sink=file:" + file + ",max-per-second=200")
                    .jvmArgs("-XX:+PreserveFramePointer")
                    .run();
            assertEquals(0, run.exitCode, run::toString);
            assertTrue(run.stdout.contains("sum=" + 8L * expectedSumOfOneThread()), run::toString);

            Matcher m = Pattern.compile("method=com.acme.ManyThreadsApp#work calls=(\\d+) printed=(\\d+) suppressed=(\\d+)")
                    .matcher(run.stdout);
            assertTrue(m.find(), run::toString);
            long calls = Long.parseLong(m.group(1));
            long printed = Long.parseLong(m.group(2));
            long suppressed = Long.parseLong(m.group(3));
            assertEquals(80_000, calls, "every call counted");
            assertEquals(80_000, printed + suppressed, "every call dumped or counted as suppressed");

            String text = Files.readString(file);
            List<List<String>> dumps = AgentJvm.Result.dumps(text);
            assertEquals(printed, dumps.size(), "the file holds exactly the printed dumps");
            long startLines = text.lines().filter(l -> l.startsWith("-------------------- Start trace")).count();
            assertEquals(printed, startLines, "no dump is cut");
            for (List<String> dump : dumps) {
                assertTrue(dump.get(1).startsWith("com.acme.ManyThreadsApp.work(ManyThreadsApp.java:"), dump::toString);
                assertTrue(dump.get(1).contains("[thread worker-"), dump::toString);
                for (int i = 1; i < dump.size() - 1; i++) {
                    String line = dump.get(i);
                    String indent = "  ".repeat(i - 1);
                    assertTrue(line.startsWith(indent) && !line.startsWith(indent + " ") && !line.startsWith("--"),
                            () -> "line " + line + " of an interleaved dump:\n" + String.join("\n", dump));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long expectedSumOfOneThread() {
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += i % 7;
        }
        return sum;
    }
}
