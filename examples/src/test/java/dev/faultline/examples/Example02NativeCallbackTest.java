package dev.faultline.examples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example 02 under the agent: the dump of the Java comparator that libc's {@code qsort}
 * calls shows {@code qsort}'s frames in {@code libc.so.6} between two Java parts, the
 * comparator above and the Java code that called {@code qsort} below.
 */
class Example02NativeCallbackTest {
    private static final Pattern QSORT = Pattern.compile("qsort(_r)?\\+0x[0-9a-f]+ \\[libc\\.so\\.6\\]");
    private static final String EXAMPLE = "dev.faultline.examples.Example02NativeCallback.";

    @Test
    void theComparatorsDumpHasQsortBetweenTheComparatorAndItsJavaCaller() {
        ForkedJvm.Ran ran = ForkedJvm.of(Example02NativeCallback.class).agent("sink=stderr,every=1000").run();
        List<List<String>> dumps = ran.stderrDumps();
        assertEquals(1, dumps.size(), "every=1000 follows only the first of about a dozen calls:\n" + ran);
        List<String> frames = dumps.get(0).subList(1, dumps.get(0).size() - 1).stream().map(String::strip).toList();
        String dump = String.join("\n", dumps.get(0));

        assertTrue(frames.get(0).startsWith(EXAMPLE + "compareInts("), dump);
        int qsort = indexOf(frames, QSORT);
        int sort = indexOf(frames, Pattern.compile(Pattern.quote(EXAMPLE + "sort(Example02NativeCallback.java:")));
        int main = indexOf(frames, Pattern.compile(Pattern.quote(EXAMPLE + "main(Example02NativeCallback.java:")));
        assertTrue(qsort > 0, "a qsort frame in libc:\n" + dump);
        assertTrue(sort > qsort && main > sort, "the Java caller of qsort, then main, below qsort:\n" + dump);
        // between the comparator and qsort: no Java frame of the example, only the callback's machinery
        assertTrue(frames.subList(1, qsort).stream().noneMatch(f -> f.startsWith(EXAMPLE)), dump);
        assertTrue(frames.subList(1, qsort).stream().anyMatch(f -> f.endsWith("[libjvm.so]")),
                "the JVM's call into the comparator:\n" + dump);
        assertTrue(frames.subList(main + 1, frames.size()).stream().anyMatch(f -> f.endsWith("[libc.so.6]")),
                "the thread's start below main:\n" + dump);

        assertTrue(ran.stdout().contains("into [3, 7, 11, 19, 28, 42]"), "sorted as without the agent:\n" + ran);
    }

    private static int indexOf(List<String> frames, Pattern pattern) {
        for (int i = 0; i < frames.size(); i++) {
            if (pattern.matcher(frames.get(i)).find()) {
                return i;
            }
        }
        return -1;
    }
}
