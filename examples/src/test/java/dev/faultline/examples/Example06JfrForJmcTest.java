package dev.faultline.examples;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example 06 under the agent: the recording file it writes, read back here, holds one
 * {@code faultline.MethodTrace} event per call of {@code fill} (four), each with the minor
 * faults of the 4,096 pages it touched, the 16 MiB RSS change, a Java stack and the mixed
 * dump as text.
 */
class Example06JfrForJmcTest {
    private static final long PAGES = 4096;

    @TempDir
    Path dir;

    @Test
    void theRecordingHoldsOneMethodTraceEventPerCallWithItsFaults() throws IOException {
        Path file = dir.resolve("example06.jfr");
        ForkedJvm.Ran ran = ForkedJvm.of(Example06JfrForJmc.class).agent("sink=stderr").args(file.toString()).run();

        List<RecordedEvent> fills = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("faultline.MethodTrace"))
                .filter(e -> "dev.faultline.examples.Example06JfrForJmc#fill".equals(e.getString("method")))
                .toList();
        assertEquals(4, fills.size(), ran.toString());
        // the process's RSS, which the JVM's other threads move too while a call runs (the JIT's arenas, GC and
        // start-up threads: single calls measured 13.3 and 22.9 MiB for the 16 MiB touched, with or without the
        // container figures): the median of the four calls within 2 MiB; the exact check is the fault count below
        double[] rss = fills.stream().mapToDouble(e -> e.getLong("rssDelta") / 1048576.0).sorted().toArray();
        assertEquals(16.0, (rss[1] + rss[2]) / 2, 2, () -> java.util.Arrays.toString(rss) + "\n" + ran);
        for (RecordedEvent fill : fills) {
            long faults = fill.getLong("minorFaults");
            assertTrue(faults >= PAGES && faults <= PAGES + PAGES / 20, "one fault a page: " + fill);
            assertTrue(fill.getLong("rssDelta") > 0, fill.toString());
            assertEquals("returned", fill.getString("outcome"));
            assertTrue(fill.getStackTrace().getFrames().stream()
                    .anyMatch(f -> f.getMethod().getName().equals("main")), "a Java stack down to main");
            String dump = fill.getString("nativeStack");
            assertTrue(dump.startsWith("-------------------- Start trace --------------------")
                    && dump.contains("dev.faultline.examples.Example06JfrForJmc.fill(")
                    && dump.contains("[libjvm.so]"), dump);
        }
        assertTrue(java.util.regex.Pattern.compile("faultline events in the recording: \\{[^}]*faultline\\.MethodTrace=4[,}]")
                .matcher(ran.stdout()).find(), ran.stdout());
    }
}
