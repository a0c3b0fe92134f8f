package dev.faultline.agent.internal.memory.rss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing {@code VM.native_memory summary} and {@code detail} output (JDK 17). */
class NativeMemoryTrackingTest {
    private static final String SUMMARY = String.join("\n",
            "Native Memory Tracking:",
            "",
            "Total: reserved=7841127KB, committed=478203KB",
            "       malloc: 9759KB #16105",
            "",
            "-                 Java Heap (reserved=6172672KB, committed=397312KB)",
            "                            (mmap: reserved=6172672KB, committed=397312KB) ",
            " ",
            "-                     Class (reserved=1048719KB, committed=527KB)",
            "                            (classes #1516)",
            "-                    Thread (reserved=18479KB, committed=739KB)",
            "                            (stack: reserved=18432KB, committed=692KB)",
            "-    Native Memory Tracking (reserved=260KB, committed=260KB)",
            "");

    @Test
    void summaryGivesEachCategoryInBytesAndSkipsTheTotal() {
        List<NativeMemoryTracking.Category> categories = NativeMemoryTracking.summary(SUMMARY);
        assertEquals(4, categories.size());
        assertEquals("Java Heap", categories.get(0).name);
        assertEquals(6172672L * 1024, categories.get(0).reserved);
        assertEquals(397312L * 1024, categories.get(0).committed);
        assertEquals("Native Memory Tracking", categories.get(3).name);
        assertTrue(NativeMemoryTracking.summary("Native memory tracking is not enabled\n").isEmpty());
    }

    @Test
    void detailGivesEachReservationWithItsClass() {
        String detail = String.join("\n",
                "Virtual memory map:",
                "",
                "[0x0000000687400000 - 0x0000000800000000] reserved 6172672KB for Java Heap from",
                "    [0x00007f7ff3b17428] ReservedSpace::ReservedSpace(unsigned long, unsigned long)+0x218",
                "\t[0x0000000687400000 - 0x000000069f000000] committed 389120KB from",
                "[0x00007f7f67000000 - 0x00007f7f6b000000] reserved 65536KB for Metaspace from",
                "[0x00007f7fba000000 - 0x00007f7fbc000000] reserved and committed 32768KB for GC from",
                "[0x00007f7fc8470000 - 0x00007f7fc8570000] reserved 1024KB for Thread Stack from",
                "[0x00007f7ff405a000 - 0x00007f7ff4062000] reserved and committed 32KB for Internal from",
                "");
        List<AddressRange> ranges = NativeMemoryTracking.reservedRanges(detail);
        assertEquals(5, ranges.size(), ranges::toString);
        assertEquals("687400000-800000000 JAVA_HEAP (NMT detail: Java Heap)", ranges.get(0).toString());
        assertEquals(RssClass.CLASS_METADATA, ranges.get(1).rssClass);
        assertEquals(RssClass.GC, ranges.get(2).rssClass);
        assertEquals(RssClass.THREAD_STACKS, ranges.get(3).rssClass);
        assertEquals(RssClass.OTHER_JVM, ranges.get(4).rssClass);
    }

    @Test
    void categoriesMapToClasses() {
        assertEquals(RssClass.CODE_CACHE, NativeMemoryTracking.classOf("Code"));
        assertEquals(RssClass.CLASS_METADATA, NativeMemoryTracking.classOf("Shared class space"));
        assertEquals(RssClass.CLASS_METADATA, NativeMemoryTracking.classOf("Class"));
        assertEquals(RssClass.OTHER_JVM, NativeMemoryTracking.classOf("Symbol"));
    }
}
