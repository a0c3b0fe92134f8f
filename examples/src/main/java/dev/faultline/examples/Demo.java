package dev.faultline.examples;

import dev.faultline.nativebridge.Backtrace;
import dev.faultline.nativebridge.NativeMemory;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;
import dev.faultline.nativebridge.ThreadCounters;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The faultline demo: a mixed Java and native backtrace, then lazy mmap allocation and
 * overcommit watched through the kernel's own counters, step by step, each step with one
 * sentence saying what to notice.
 *
 * <p>How to run: {@code ./faultline demo} from the repository root (it builds what is
 * missing and starts the JVM with {@code -XX:+PreserveFramePointer}, so that the native
 * frames below Java show). Options: {@code --size=2g} (the mapping), {@code --touch=512m}.
 */
public final class Demo {
    private static final long MIB = 1024 * 1024;

    private final PrintStream out;
    private final long mappingBytes;
    private final long touchBytes;
    private int step;

    Demo(PrintStream out, long mappingBytes, long touchBytes) {
        this.out = out;
        this.mappingBytes = mappingBytes;
        this.touchBytes = touchBytes;
    }

    public static void main(String[] args) {
        long size = 2048 * MIB;
        long touch = 512 * MIB;
        for (String arg : args) {
            if (arg.startsWith("--size=")) {
                size = parseBytes(arg, arg.substring(7));
            } else if (arg.startsWith("--touch=")) {
                touch = parseBytes(arg, arg.substring(8));
            } else {
                System.err.println("demo: unknown argument '" + arg + "' (known: --size=BYTES, --touch=BYTES,"
                        + " e.g. --size=2g --touch=512m)");
                System.exit(2);
            }
        }
        if (touch > size) {
            System.err.println("demo: --touch=" + touch + " is larger than --size=" + size);
            System.exit(2);
        }
        new Demo(System.out, size, touch).run();
    }

    void run() {
        out.println("faultline demo: where this JVM's memory really goes, from the kernel's own counters.");
        out.println();
        out.print(NativeSupport.describe());
        backtrace();
        lazyMapping();
        overcommit();
        out.println();
        out.println("That was the native bridge on its own; the agent (-javaagent) prints such dumps at traced");
        out.println("methods and records these counters per call.");
    }

    private void backtrace() {
        heading("A mixed backtrace: Java frames, then the native frames that started them.");
        if (NativeSupport.nativeFramesAvailable()) {
            note("Notice the JVM's own frames (JavaCalls::call_helper, JavaMain) and libc's start_thread below main.");
        } else {
            note("Native frames are not available here: " + NativeSupport.nativeFramesProblem());
        }
        out.print(Stack.first());
    }

    private void lazyMapping() {
        heading("Map " + mib(mappingBytes) + " of anonymous memory.");
        ProcessMemory before = ProcessMemory.now();
        SystemMemory systemBefore = SystemMemory.now();
        try (NativeMemory memory = NativeMemory.map(mappingBytes, NativeMemory.Option.NO_HUGE_PAGES)) {
            ProcessMemory mapped = ProcessMemory.now();
            SystemMemory systemMapped = SystemMemory.now();
            note("VmSize jumps, RSS stays flat: the kernel reserved addresses, not memory.");
            row("VmSize", before.size(), mapped.size());
            row("RSS", before.rss(), mapped.rss());
            row("Committed_AS", systemBefore.committed(), systemMapped.committed());

            heading("Touch " + mib(touchBytes) + " of it, one byte per 4 KiB page.");
            note("Each first touch is a minor page fault; RSS grows by exactly the pages touched.");
            long pages = touchBytes / NativeMemory.pageSize();
            long chunk = Math.max(1, pages / 32);
            boolean live = System.console() != null;
            ThreadCounters threadBefore = ThreadCounters.now();
            for (long done = 0; done < pages; done += chunk) {
                memory.touch(done, Math.min(chunk, pages - done));
                if (live) {
                    long faults = ThreadCounters.now().minus(threadBefore).minorFaults();
                    progress(done + Math.min(chunk, pages - done), pages, ProcessMemory.now().rss(), faults);
                }
            }
            if (live) {
                out.println();
            }
            ProcessMemory touched = ProcessMemory.now();
            long faults = ThreadCounters.now().minus(threadBefore).minorFaults();
            row("RSS", mapped.rss(), touched.rss());
            out.printf(Locale.ROOT, "    %-14s %,d for %,d pages touched%n", "minor faults", faults, pages);
            out.printf(Locale.ROOT, "    %-14s %,d of %,d pages%n", "resident", memory.residency().residentPages(),
                    memory.pages());

            heading("Give it back with madvise(MADV_DONTNEED).");
            note("RSS falls back, the mapping (VmSize) stays: the next touch would fault in zero pages again.");
            memory.adviseDontNeed();
            ProcessMemory released = ProcessMemory.now();
            row("RSS", touched.rss(), released.rss());
            row("VmSize", touched.size(), released.size());
            out.printf(Locale.ROOT, "    %-14s %,d pages%n", "resident", memory.residency().residentPages());
        }
    }

    private void overcommit() {
        SystemMemory system = SystemMemory.now();
        heading("Overcommit: this machine runs mode '" + system.overcommitMode().name().toLowerCase(Locale.ROOT) + "'.");
        note(system.overcommitMode().meaning());
        out.printf(Locale.ROOT, "    %-14s %s of CommitLimit %s (the limit binds only in mode 'never')%n",
                "Committed_AS", mib(system.committed()), mib(system.commitLimit()));
        if (system.cgroupLimit() > 0) {
            out.printf(Locale.ROOT, "    %-14s %s of %s (cgroup v%d; /proc/meminfo shows the host)%n", "cgroup",
                    mib(system.cgroupUsage()), mib(system.cgroupLimit()), system.cgroupVersion());
        }

        heading("Map " + mib(mappingBytes) + " again, once plain and once with MAP_NORESERVE.");
        note("A plain private writable mapping is charged to Committed_AS up front; MAP_NORESERVE is not.");
        try (NativeMemory plain = NativeMemory.map(mappingBytes)) {
            long charged = SystemMemory.now().committed() - system.committed();
            out.printf(Locale.ROOT, "    %-14s %+,.1f MiB for %s%n", "plain", charged / (double) MIB, mib(plain.size()));
        }
        SystemMemory again = SystemMemory.now();
        try (NativeMemory noReserve = NativeMemory.map(mappingBytes, NativeMemory.Option.NO_RESERVE)) {
            long charged = SystemMemory.now().committed() - again.committed();
            out.printf(Locale.ROOT, "    %-14s %+,.1f MiB for %s%n", "MAP_NORESERVE", charged / (double) MIB,
                    mib(noReserve.size()));
        }
        note("(Other processes move Committed_AS too, so small differences are theirs.)");
    }

    private void heading(String text) {
        out.println();
        out.println(++step + ". " + text);
    }

    private void note(String text) {
        out.println("   " + text);
    }

    private void row(String what, long before, long after) {
        out.printf(Locale.ROOT, "    %-14s %12s -> %12s  (%+,.1f MiB)%n", what, mib(before), mib(after),
                (after - before) / (double) MIB);
    }

    private void progress(long done, long total, long rss, long faults) {
        int width = 30;
        int filled = (int) (width * done / total);
        out.printf(Locale.ROOT, "\r    [%s%s] %3d%%  RSS %10s  minor faults %,9d", "#".repeat(filled),
                ".".repeat(width - filled), 100 * done / total, mib(rss), faults);
        out.flush();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (double) MIB);
    }

    static long parseBytes(String arg, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1024;
        } else if (t.endsWith("m")) {
            unit = MIB;
        } else if (t.endsWith("g")) {
            unit = 1024 * MIB;
        }
        try {
            long value = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value * unit;
        } catch (NumberFormatException e) {
            System.err.println("demo: bad size in '" + arg + "' (accepted: a positive number with k, m or g, e.g. 512m)");
            System.exit(2);
            return 0;
        }
    }

    /** A few frames of the demo's own, so the backtrace has a shape to read. */
    static final class Stack {
        private Stack() {
        }

        static String first() {
            return second();
        }

        static String second() {
            return Backtrace.capture().format();
        }
    }
}
