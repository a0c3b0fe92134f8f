package dev.faultline.agent.internal.memory.rss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Parsing the parts of {@code VM.info} and {@code VM.metaspace vslist} output (JDK 17) that hold addresses. */
class JvmRegionsTest {
    private static final String G1 = String.join("\n",
            "---------------  P R O C E S S  ---------------",
            "Heap address: 0x0000000687400000, size: 6028 MB, Compressed Oops mode: Zero based, Oop shift amount: 3",
            "",
            "CDS archive(s) mapped at: [0x00007f9647000000-0x00007f9647bc7000-0x00007f9647bc7000), size 12349440,"
                    + " SharedBaseAddress: 0x00007f9647000000, ArchiveRelocationMode: 1.",
            "Compressed class space mapped at: 0x00007f9648000000-0x00007f9688000000, reserved size: 1073741824",
            "Narrow klass base: 0x00007f9647000000, Narrow klass shift: 0, Narrow klass range: 0x100000000",
            "",
            "Heap:",
            " garbage-first heap   total 397312K, used 7305K [0x0000000687400000, 0x0000000800000000)",
            "  region size 4096K, 1 young (4096K), 0 survivors (0K)",
            " Metaspace       used 2914K, committed 3072K, reserved 1114112K",
            "  class space    used 324K, committed 384K, reserved 1048576K",
            "Heap Regions: E=young(eden), S=young(survivor), O=old",
            "|   0|0x0000000687400000, 0x0000000687400000, 0x0000000687800000|  0%| F|  |TAMS 0x0000000687400000| Untracked ",
            "Card table byte_map: [0x00007f96abc74000,0x00007f96ac83a000] _byte_map_base: 0x00007f96a883a000",
            "Marking Bits (Prev, Next): (CMBitMap*) 0x00007f96c40420d0, (CMBitMap*) 0x00007f96c4042110",
            " Prev Bits: [0x00007f96a527e000, 0x00007f96ab0ae000)",
            " Next Bits: [0x00007f969f44e000, 0x00007f96a527e000)",
            "Polling page: 0x00007f96ca208000",
            "CodeHeap 'non-profiled nmethods': size=120036Kb used=139Kb max_used=139Kb free=119896Kb",
            " bounds [0x00007f96b4ec7000, 0x00007f96b5137000, 0x00007f96bc400000]",
            "CodeHeap 'profiled nmethods': size=120032Kb used=646Kb max_used=646Kb free=119385Kb",
            " bounds [0x00007f96ad400000, 0x00007f96ad670000, 0x00007f96b4938000]",
            "");

    @Test
    void g1HeapCdsClassSpaceCodeHeapsAndGcStructuresAreFound() {
        List<AddressRange> ranges = JvmRegions.fromVmInfo(G1);
        assertEquals(List.of(
                "687400000-800000000 JAVA_HEAP (VM.info heap)",
                "7f9647000000-7f9647bc7000 CLASS_METADATA (VM.info CDS archive)",
                "7f9648000000-7f9688000000 CLASS_METADATA (VM.info compressed class space)",
                "7f96b4ec7000-7f96bc400000 CODE_CACHE (VM.info code heap)",
                "7f96ad400000-7f96b4938000 CODE_CACHE (VM.info code heap)",
                "7f96abc74000-7f96ac83a000 GC (VM.info card table byte_map)",
                "7f96a527e000-7f96ab0ae000 GC (VM.info prev bits)",
                "7f969f44e000-7f96a527e000 GC (VM.info next bits)"),
                ranges.stream().map(AddressRange::toString).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void parallelHeapSpansAllItsGenerations() {
        String text = "Heap:\n"
                + " PSYoungGen      total 113152K, used 7782K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)\n"
                + "  eden space 97280K, 8% used [0x0000000782700000,0x0000000782e99aa0,0x0000000788600000)\n"
                + " ParOldGen       total 258048K, used 0K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)\n"
                + "  object space 258048K, 0% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)\n"
                + " Metaspace       used 2914K, committed 3072K, reserved 1114112K\n"
                + " Begin Bits: [0x00007f5d003a0000, 0x00007f5d061d0000)\n";
        assertArrayEquals(new long[] {0x687400000L, 0x800000000L}, JvmRegions.heap("x\n" + text));
    }

    @Test
    void shenandoahReservedRegionCountsButItsBitmapValuesDoNot() {
        String text = "x\nHeap:\nShenandoah Heap\n 6028M max, 6028M soft max, 378M committed, 8192K used\n"
                + "Reserved region:\n - [0x0000000687400000, 0x0000000800000000) \nCollection set:\n"
                + " - map (vanilla): 0x000000000001343a\n - map (biased):  0x0000000000010000\n\n"
                + " Metaspace       used 2961K, committed 3136K, reserved 1114112K\n";
        assertArrayEquals(new long[] {0x687400000L, 0x800000000L}, JvmRegions.heap(text));
    }

    @Test
    void zgcHasNoHeapRangeButAHeapFile() {
        String text = "x\n Heap Backing File: /memfd:java_heap\n Heap Backing Filesystem: tmpfs (0x1021994)\n"
                + "Heap:\n ZHeap           used 6M, capacity 378M, max capacity 6028M\n"
                + " Metaspace       used 2963K, committed 3136K, reserved 1114112K\n";
        assertNull(JvmRegions.heap(text));
        assertEquals("/memfd:java_heap", JvmRegions.heapBackingFile(text));
        assertNull(JvmRegions.heapBackingFile(G1));
    }

    @Test
    void metaspaceNodesAreTakenOnceEachWithTheirReservedSize() {
        String text = "Virtual space lists:\n   Non-Class:\nvsl non-class-space:\n"
                + "- node #0: base 0x00007f7923000000: reserved=65536.00 KB, committed=2688.00 KB (  4%),"
                + " used=16384.00 KB ( 25%)\n 0:0x00007f7923000000: CMNNNNN\n"
                + "- total 1 nodes, 8388608 reserved words, 352256 committed words.\n\n   Class:\n"
                + "- node #0: base 0x00007f7928000000: reserved=1.00 GB, committed=384.00 KB ( <1%), used=16384.00 KB\n";
        List<AddressRange> ranges = JvmRegions.fromMetaspace(text);
        assertEquals(2, ranges.size());
        assertEquals(0x7f7923000000L, ranges.get(0).start);
        assertEquals(0x7f7923000000L + (64L << 20), ranges.get(0).end);
        assertEquals(0x7f7928000000L + (1L << 30), ranges.get(1).end);
    }
}
