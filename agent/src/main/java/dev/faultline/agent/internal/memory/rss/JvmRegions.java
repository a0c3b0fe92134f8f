package dev.faultline.agent.internal.memory.rss;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address ranges that the JVM itself reports for its heap, code cache, class
 * metadata and GC structures, read from the text of two diagnostic commands:
 * {@code VM.info} (the heap as the collector prints it, the CDS archive, the compressed
 * class space, the code heaps' bounds, the card table and marking bitmaps) and
 * {@code VM.metaspace vslist} (the metaspace's virtual space nodes). These are reserved
 * ranges, fixed or slowly changing; what of them is resident comes from smaps.
 */
final class JvmRegions {
    private static final String HEX = "0x([0-9a-fA-F]+)";
    private static final Pattern HEAP_ADDRESS = Pattern.compile("^Heap address: " + HEX + ", size: (\\d+) MB",
            Pattern.MULTILINE);
    /** A bracketed list of two or more addresses, as the collectors print their spaces: {@code [0x.., 0x.., 0x..)}. */
    private static final Pattern BRACKETED = Pattern.compile("\\[(" + HEX + "(?:,\\s*" + HEX + ")+)[)\\]]");
    private static final Pattern ADDRESS = Pattern.compile(HEX);
    private static final Pattern CDS = Pattern.compile("^CDS archive\\(s\\) mapped at: \\[" + HEX + "-" + HEX + "-" + HEX
            + "\\)", Pattern.MULTILINE);
    private static final Pattern CLASS_SPACE = Pattern.compile("^Compressed class space mapped at: " + HEX + "-" + HEX,
            Pattern.MULTILINE);
    private static final Pattern CODE_HEAP = Pattern.compile("bounds \\[" + HEX + ", " + HEX + ", " + HEX + "\\]");
    private static final Pattern GC_STRUCTURE = Pattern.compile(
            "^\\s*(Card table byte_map|Prev Bits|Next Bits|Begin Bits|End Bits): \\[" + HEX + ",\\s*" + HEX,
            Pattern.MULTILINE);
    private static final Pattern BACKING_FILE = Pattern.compile("^\\s*Heap Backing File: (\\S+)", Pattern.MULTILINE);
    private static final Pattern VS_NODE = Pattern.compile(
            "node #\\d+: base " + HEX + ": reserved=([0-9.]+) ?(bytes|KB|MB|GB)");

    private JvmRegions() {
    }

    /** The ranges that {@code VM.info} names. */
    static List<AddressRange> fromVmInfo(String text) {
        List<AddressRange> ranges = new ArrayList<>();
        long[] heap = heap(text);
        if (heap != null) {
            ranges.add(new AddressRange(heap[0], heap[1], RssClass.JAVA_HEAP, "VM.info heap"));
        }
        Matcher m = CDS.matcher(text);
        if (m.find()) {
            ranges.add(new AddressRange(hex(m.group(1)), hex(m.group(3)), RssClass.CLASS_METADATA, "VM.info CDS archive"));
        }
        m = CLASS_SPACE.matcher(text);
        if (m.find()) {
            ranges.add(new AddressRange(hex(m.group(1)), hex(m.group(2)), RssClass.CLASS_METADATA,
                    "VM.info compressed class space"));
        }
        m = CODE_HEAP.matcher(text);
        while (m.find()) {
            ranges.add(new AddressRange(hex(m.group(1)), hex(m.group(3)), RssClass.CODE_CACHE, "VM.info code heap"));
        }
        m = GC_STRUCTURE.matcher(text);
        while (m.find()) {
            ranges.add(new AddressRange(hex(m.group(2)), hex(m.group(3)), RssClass.GC,
                    "VM.info " + m.group(1).toLowerCase(Locale.ROOT)));
        }
        return ranges;
    }

    /**
     * The heap's reserved range: from the line {@code Heap address: 0x.., size: N MB}
     * (printed with compressed oops) and the bracketed ranges of the collector's own
     * lines between {@code Heap:} and its {@code Metaspace} line (G1, Parallel, Serial,
     * Shenandoah), whichever reach further; {@code null} when neither is there (ZGC).
     */
    static long[] heap(String text) {
        long low = -1;
        long high = -1;
        Matcher address = HEAP_ADDRESS.matcher(text);
        if (address.find()) {
            low = hex(address.group(1));
            high = low + Long.parseLong(address.group(2)) * 1024 * 1024;
        }
        int from = text.indexOf("\nHeap:\n");
        if (from >= 0) {
            int to = text.indexOf(" Metaspace ", from);
            String section = text.substring(from, to < 0 ? text.length() : to);
            Matcher list = BRACKETED.matcher(section);
            while (list.find()) {
                Matcher each = ADDRESS.matcher(list.group(1));
                while (each.find()) {
                    long value = hex(each.group(1));
                    low = low < 0 || Long.compareUnsigned(value, low) < 0 ? value : low;
                    high = high < 0 || Long.compareUnsigned(value, high) > 0 ? value : high;
                }
            }
        }
        return low < 0 || Long.compareUnsigned(low, high) >= 0 ? null : new long[] {low, high};
    }

    /** The file ZGC keeps the heap in ({@code /memfd:java_heap}), or {@code null}. */
    static String heapBackingFile(String vmInfo) {
        Matcher m = BACKING_FILE.matcher(vmInfo);
        return m.find() ? m.group(1) : null;
    }

    /** The metaspace's virtual space nodes that {@code VM.metaspace vslist} lists, class space included. */
    static List<AddressRange> fromMetaspace(String text) {
        List<AddressRange> ranges = new ArrayList<>();
        Matcher m = VS_NODE.matcher(text);
        long lastBase = -1;
        while (m.find()) {
            long base = hex(m.group(1));
            if (base == lastBase) {
                continue; // the same node, listed twice
            }
            lastBase = base;
            long size = Math.round(Double.parseDouble(m.group(2)) * unit(m.group(3)));
            ranges.add(new AddressRange(base, base + size, RssClass.CLASS_METADATA, "VM.metaspace node"));
        }
        return ranges;
    }

    private static long unit(String unit) {
        switch (unit) {
            case "KB":
                return 1024;
            case "MB":
                return 1024 * 1024;
            case "GB":
                return 1024 * 1024 * 1024;
            default:
                return 1;
        }
    }

    static long hex(String digits) {
        return Long.parseUnsignedLong(digits, 16);
    }
}
