package dev.faultline.agent.internal.memory.rss;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's Native Memory Tracking, when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary} or {@code =detail}: its per-category figures
 * ({@code VM.native_memory summary}) and, in detail mode, the address range of every
 * reservation with its category ({@code VM.native_memory detail}). NMT counts what the
 * JVM reserved and committed, not what is resident: committed memory never touched is
 * not in RSS.
 */
final class NativeMemoryTracking {
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);
    private static final Pattern RESERVED = Pattern.compile(
            "^\\[0x([0-9a-fA-F]+) - 0x([0-9a-fA-F]+)\\] reserved (?:and committed )?\\d+KB for (.+?) from",
            Pattern.MULTILINE);

    /** One NMT category with what the JVM reserved and committed for it. */
    static final class Category {
        final String name;
        final long reserved;
        final long committed;

        Category(String name, long reserved, long committed) {
            this.name = name;
            this.reserved = reserved;
            this.committed = committed;
        }
    }

    private NativeMemoryTracking() {
    }

    /** {@code off}, {@code summary} or {@code detail}; {@code null} when the flag cannot be read (not HotSpot). */
    static String mode() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption option = bean == null ? null : bean.getVMOption("NativeMemoryTracking");
            return option == null ? null : option.getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The categories of a {@code VM.native_memory summary} text, in its order. */
    static List<Category> summary(String text) {
        if (text == null) {
            return Collections.emptyList();
        }
        List<Category> categories = new ArrayList<>();
        Matcher m = CATEGORY.matcher(text);
        while (m.find()) {
            categories.add(new Category(m.group(1).trim(), Long.parseLong(m.group(2)) * 1024,
                    Long.parseLong(m.group(3)) * 1024));
        }
        return categories;
    }

    /** The reserved ranges of a {@code VM.native_memory detail} text, each with its category's class. */
    static List<AddressRange> reservedRanges(String text) {
        if (text == null) {
            return Collections.emptyList();
        }
        List<AddressRange> ranges = new ArrayList<>();
        Matcher m = RESERVED.matcher(text);
        while (m.find()) {
            String category = m.group(3).trim();
            ranges.add(new AddressRange(JvmRegions.hex(m.group(1)), JvmRegions.hex(m.group(2)), classOf(category),
                    "NMT detail: " + category));
        }
        return ranges;
    }

    /** The class of an NMT category name. */
    static RssClass classOf(String category) {
        switch (category) {
            case "Java Heap":
                return RssClass.JAVA_HEAP;
            case "Class":
            case "Metaspace":
            case "Shared class space":
                return RssClass.CLASS_METADATA;
            case "Thread Stack":
                return RssClass.THREAD_STACKS;
            case "Code":
                return RssClass.CODE_CACHE;
            case "GC":
                return RssClass.GC;
            default:
                return RssClass.OTHER_JVM;
        }
    }
}
