package dev.faultline.examples;

import dev.faultline.annotation.Trace;
import dev.faultline.nativebridge.Mapping;
import dev.faultline.nativebridge.Mappings;
import dev.faultline.nativebridge.NativeMemory;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.ThreadCounters;

import java.util.Locale;

/**
 * Example 03: lazy allocation by {@code mmap}. Mapping 1 GiB of anonymous memory takes
 * address space (VmSize) and no memory (RSS); each page becomes memory at its first
 * touch, at the price of one minor page fault; {@code madvise(MADV_DONTNEED)} gives the
 * pages back while the mapping stays.
 *
 * <p>Each step prints the process's VmSize and RSS (from {@code /proc/self/status}), the
 * mapping's own resident size as the kernel's {@code /proc/self/smaps} reports it, the
 * pages that {@code mincore} says are resident, and the minor faults this thread took.
 * The mapping is made with {@code MADV_NOHUGEPAGE}, so one touched page is one 4 KiB
 * fault even where transparent huge pages are always on. Under the agent, the traced
 * {@link #touch} also prints its own cost (dump=exit): {@code minflt +16384, rss +64.0 MiB}.
 */
public final class Example03LazyMmap {
    private static final long MIB = 1024 * 1024;
    private static final long MAPPING = 1024 * MIB;
    private static final long TOUCHED = 64 * MIB;

    private final ProcessMemory start = ProcessMemory.now();

    private Example03LazyMmap() {
    }

    public static void main(String[] args) {
        new Example03LazyMmap().run();
    }

    private void run() {
        System.out.printf(Locale.ROOT, "  %-28s %12s %12s %16s %16s %14s%n", "step", "VmSize", "RSS",
                "Rss (smaps)", "resident pages", "minor faults");
        ThreadCounters before = ThreadCounters.now();
        try (NativeMemory memory = NativeMemory.map(MAPPING, NativeMemory.Option.NO_HUGE_PAGES)) {
            row("mmap 1 GiB", memory, before);
            long pages = TOUCHED / NativeMemory.pageSize();

            before = ThreadCounters.now();
            touch(memory, pages);
            row("touch " + pages + " pages", memory, before);

            before = ThreadCounters.now();
            touch(memory, pages);
            row("touch them again", memory, before);

            before = ThreadCounters.now();
            memory.adviseDontNeed();
            row("madvise(MADV_DONTNEED)", memory, before);
        }
        row("munmap", null, ThreadCounters.now());
        System.out.println();
        System.out.println("VmSize and RSS are this process's, as changed since before the mmap; Rss (smaps) and resident"
                + " pages (mincore) are the mapping's own; minor faults are this thread's during the step (with the"
                + " agent's own work for its dump). A second touch of resident pages costs no fault.");
    }

    /** Writes one byte in each of the first {@code pages} pages; traced, so the agent shows what it cost. */
    @Trace
    static void touch(NativeMemory memory, long pages) {
        memory.touch(0, pages);
    }

    private void row(String step, NativeMemory memory, ThreadCounters before) {
        long faults = ThreadCounters.now().minus(before).minorFaults();
        ProcessMemory now = ProcessMemory.now();
        String smaps = "-";
        String resident = "-";
        if (memory != null) {
            Mapping mapping = Mappings.read().find(memory.address());
            // the kernel may merge the mapping with a like neighbour; then its figures are not ours alone
            smaps = mapping == null ? "not found" : mapping.size() != memory.size() ? "merged"
                    : String.format(Locale.ROOT, "%,d kB", mapping.rss() / 1024);
            resident = String.format(Locale.ROOT, "%,d", memory.residency().residentPages());
        }
        System.out.printf(Locale.ROOT, "  %-28s %12s %12s %16s %16s %,14d%n", step, mib(now.size() - start.size()),
                mib(now.rss() - start.rss()), smaps, resident, faults);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%+,.1f MiB", bytes / (double) MIB);
    }

    /*
     * How to run
     *
     *   ./faultline example 03
     *
     * or, from the repository root after `mvn -B -DskipTests package`:
     *
     *   java -XX:+PreserveFramePointer \
     *        -javaagent:agent/target/faultline-agent.jar=sink=stderr,dump=exit \
     *        -cp 'examples/target/faultline-examples.jar:examples/target/lib/*' \
     *        dev.faultline.examples.Example03LazyMmap
     *
     * It runs without the agent too (the table is the example's own); the agent adds the
     * two dumps of touch with their cost in the first line.
     */
}
