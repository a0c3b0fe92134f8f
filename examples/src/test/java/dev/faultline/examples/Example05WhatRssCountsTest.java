package dev.faultline.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example 05 under the agent: a direct buffer is resident in full at allocation (mincore
 * finds every page); a file mapping's Rss in smaps is 0 until written and then exactly the
 * 64 MiB written; a heap of {@code -Xms256m} is resident at start only with
 * {@code -XX:+AlwaysPreTouch}.
 */
class Example05WhatRssCountsTest {
    private static final String NUMBER = "([+-]?[\\d,.]+)";
    private static final Pattern DIRECT = Pattern.compile("allocateDirect\\(256\\.0 MiB\\) +RSS " + NUMBER
            + " MiB, anonymous " + NUMBER + " MiB; resident " + NUMBER + " of " + NUMBER + " pages");
    private static final String FILE_ROW = " +RSS " + NUMBER + " MiB, file-backed " + NUMBER + " MiB; Rss \\(smaps\\) "
            + NUMBER + " kB; resident " + NUMBER + " of " + NUMBER + " pages";
    private static final Pattern MAPPED = Pattern.compile("FileChannel\\.map\\(256\\.0 MiB\\)" + FILE_ROW);
    private static final Pattern WRITTEN = Pattern.compile("write 1 byte in 16,384 pages" + FILE_ROW);
    private static final Pattern HEAP = Pattern.compile("^ {2}-Xms256m +RSS " + NUMBER + " MiB", Pattern.MULTILINE);
    private static final Pattern PRE_TOUCHED = Pattern.compile("-Xms256m -XX:\\+AlwaysPreTouch +RSS " + NUMBER + " MiB");

    private static ForkedJvm.Ran ran;

    @BeforeAll
    static void runTheExample() {
        ran = ForkedJvm.of(Example05WhatRssCounts.class).agent("sink=stderr,dump=exit").run();
    }

    @Test
    void aDirectBufferIsResidentInFullAsSoonAsItIsAllocated() {
        Matcher direct = find(DIRECT);
        assertEquals(number(direct.group(4)), number(direct.group(3)), "every page resident: " + direct.group());
        assertTrue(number(direct.group(4)) >= 65_536, direct.group());
        assertTrue(number(direct.group(2)) >= 250, "anonymous RSS grows by the capacity: " + direct.group());

        List<String> header = ran.stderrDumps().stream().map(d -> d.get(1))
                .filter(l -> l.startsWith("dev.faultline.examples.Example05WhatRssCounts.allocateDirect(")).toList();
        assertEquals(1, header.size(), ran.stderr());
        Matcher rss = Pattern.compile("rss \\+([\\d.]+) MiB").matcher(header.get(0));
        assertTrue(rss.find() && Double.parseDouble(rss.group(1)) >= 250, "the agent saw it too: " + header.get(0));
    }

    @Test
    void aMappedFileIsResidentOnlyWhereWritten() {
        Matcher mapped = find(MAPPED);
        assertEquals(0, number(mapped.group(3)), "smaps Rss right after map: " + mapped.group());
        assertTrue(number(mapped.group(1)) < 8, mapped.group());

        Matcher written = find(WRITTEN);
        assertEquals(64 * 1024, number(written.group(3)), "smaps Rss in kB = the pages written: " + written.group());
        assertTrue(number(written.group(2)) >= 63, "file-backed RSS: " + written.group());
        assertTrue(number(written.group(4)) >= 16_384, "the page cache holds at least those pages: " + written.group());
    }

    @Test
    void onlyAlwaysPreTouchMakesTheHeapResidentAtStart() {
        double plain = number(find(HEAP).group(1));
        double preTouched = number(find(PRE_TOUCHED).group(1));
        assertTrue(preTouched >= 256, "pre-touched: RSS covers the 256 MiB heap: " + preTouched);
        assertTrue(plain < 192 && plain < preTouched - 128, "without pre-touch: " + plain + " MiB");
    }

    private static Matcher find(Pattern pattern) {
        Matcher matcher = pattern.matcher(ran.stdout());
        assertTrue(matcher.find(), pattern + " in:\n" + ran);
        return matcher;
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(",", ""));
    }
}
