package dev.faultline.examples;

import dev.faultline.annotation.Trace;
import dev.faultline.nativebridge.Backtrace;
import dev.faultline.nativebridge.NativeMemory;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;
import dev.faultline.nativebridge.ThreadCounters;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The faultline demo: a {@code @Trace} method's mixed Java and native backtrace, then lazy
 * mmap allocation and overcommit watched through the kernel's own counters, step by step,
 * each step with one sentence saying what to notice; at the end, the JFR recording of it
 * all for JDK Mission Control.
 *
 * <p>How to run: {@code ./faultline demo} from the repository root. It builds what is
 * missing and starts this class under the agent with {@code -XX:+PreserveFramePointer}, so
 * that the native frames below Java show. Arguments: {@code --size=2g} (the mapping),
 * {@code --touch=512m} (how much of it to touch), {@code --jfr=faultline-demo.jfr} (the
 * recording), {@code --live} (redraw one progress line; the script passes it when its
 * output is a terminal).
 */
public final class Demo {
    private static final long MIB = 1024 * 1024;
    private static final int CHUNKS = 32;

    private final PrintStream out;
    private final long mappingBytes;
    private final long touchBytes;
    private final boolean live;
    private final DemoRecording recording;
    private final TracerControl tracer = TracerControl.find();
    private int step;

    private Demo(PrintStream out, long mappingBytes, long touchBytes, boolean live, Path jfr) {
        this.out = out;
        this.mappingBytes = mappingBytes;
        this.touchBytes = touchBytes;
        this.live = live;
        this.recording = new DemoRecording(jfr);
    }

    public static void main(String[] args) throws IOException {
        long size = 2048 * MIB;
        long touch = 512 * MIB;
        boolean live = System.console() != null;
        Path jfr = Path.of("faultline-demo.jfr");
        for (String arg : args) {
            if (arg.startsWith("--size=")) {
                size = parseBytes(arg, arg.substring(7));
            } else if (arg.startsWith("--touch=")) {
                touch = parseBytes(arg, arg.substring(8));
            } else if (arg.startsWith("--jfr=") && arg.length() > 6) {
                jfr = Path.of(arg.substring(6));
            } else if (arg.equals("--live")) {
                live = true;
            } else {
                System.err.println("demo: unknown argument '" + arg + "' (known: --size=BYTES, --touch=BYTES,"
                        + " --jfr=PATH, --live; e.g. --size=2g --touch=512m)");
                System.exit(2);
            }
        }
        if (touch > size) {
            System.err.println("demo: --touch=" + touch + " is larger than --size=" + size);
            System.exit(2);
        }
        new Demo(System.out, size, touch, live, jfr).run();
    }

    private void run() throws IOException {
        out.println("faultline demo: where this JVM's time and memory really go, from inside the process.");
        out.println("This JVM runs with: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        recording.start();
        backtrace();
        lazyMapping();
        overcommit();
        recording();
    }

    private void backtrace() {
        heading("A @Trace method's mixed backtrace.");
        if (!NativeSupport.nativeFramesAvailable()) {
            note("Native frames are not available here: " + NativeSupport.nativeFramesProblem());
        }
        if (tracer.present()) {
            note("Notice what a Java stack trace never shows: below main, the JVM's own frames (JavaCalls::call_helper"
                    + " in libjvm.so, JavaMain in libjli.so) and libc's start_thread. The agent prints it on stderr:");
            out.flush();
            Traced.firstCall();
            tracer.stopDumps();
        } else {
            note("The agent is not loaded (run ./faultline demo), so here is the same backtrace taken directly"
                    + " through the native bridge: notice the JVM's and libc's frames below main.");
            out.print(Backtrace.capture().format());
        }
    }

    private void lazyMapping() {
        heading("Map " + mib(mappingBytes) + " of anonymous memory.");
        ProcessMemory before = ProcessMemory.now();
        try (NativeMemory memory = NativeMemory.map(mappingBytes, NativeMemory.Option.NO_HUGE_PAGES)) {
            ProcessMemory mapped = ProcessMemory.now();
            note("Notice that VmSize jumps while RSS stays flat: the kernel handed out addresses, not memory.");
            row("VmSize", before.size(), mapped.size());
            row("RSS", before.rss(), mapped.rss());

            touch(memory, mapped);

            heading("Give it back with madvise(MADV_DONTNEED).");
            note("Notice that RSS falls back while VmSize stays: the mapping is still there, its pages are not.");
            ProcessMemory touched = ProcessMemory.now();
            memory.adviseDontNeed();
            ProcessMemory released = ProcessMemory.now();
            row("RSS", touched.rss(), released.rss());
            row("VmSize", touched.size(), released.size());
            out.printf(Locale.ROOT, "    %-14s %,d pages%n", "resident", memory.residency().residentPages());
        }
    }

    private void touch(NativeMemory memory, ProcessMemory mapped) {
        long pages = touchBytes / NativeMemory.pageSize();
        heading("Touch " + mib(touchBytes) + " of it, one byte in each 4 KiB page (" + String.format(Locale.ROOT,
                "%,d", pages) + " pages).");
        note("Notice RSS and minor faults climbing together: each first touch of a page is one minor fault.");
        long chunk = Math.max(1, (pages + CHUNKS - 1) / CHUNKS);
        ThreadCounters threadBefore = ThreadCounters.now();
        int plainLinesShown = 0;
        for (long done = 0; done < pages;) {
            long n = Math.min(chunk, pages - done);
            Traced.touchChunk(memory, done, n);
            done += n;
            long faults = ThreadCounters.now().minus(threadBefore).minorFaults();
            if (live) {
                progress(done, pages, ProcessMemory.now().rss(), faults);
                pause();
            } else if (4 * done / pages > plainLinesShown || done == pages) {
                plainLinesShown = (int) (4 * done / pages);
                out.printf(Locale.ROOT, "    %3d%%  %,9d pages  RSS %12s  minor faults %,9d%n", 100 * done / pages, done,
                        mib(ProcessMemory.now().rss()), faults);
            }
        }
        if (live) {
            out.println();
        }
        ProcessMemory touched = ProcessMemory.now();
        long faults = ThreadCounters.now().minus(threadBefore).minorFaults();
        row("RSS", mapped.rss(), touched.rss());
        out.printf(Locale.ROOT, "    %-14s %,d for %,d pages touched%n", "minor faults", faults, pages);
        out.printf(Locale.ROOT, "    %-14s %,d of %,d pages (mincore)%n", "resident",
                memory.residency().residentPages(), memory.pages());
    }

    private void overcommit() {
        SystemMemory system = SystemMemory.now();
        if (system.overcommitMode() == null) {
            heading("Overcommit: /proc/sys/vm/overcommit_memory is not readable here; skipping.");
            return;
        }
        String meaning = system.overcommitMode().meaning();
        heading("This machine's overcommit mode: " + system.overcommitMode().value() + " ("
                + system.overcommitMode().name().toLowerCase(Locale.ROOT) + ").");
        note("Notice what it promises: " + Character.toLowerCase(meaning.charAt(0)) + meaning.substring(1));
        out.printf(Locale.ROOT, "    %-14s %s of CommitLimit %s (the limit binds only in mode 2, never)%n",
                "Committed_AS", mib(system.committed()), mib(system.commitLimit()));
        if (system.cgroupLimit() > 0) {
            out.printf(Locale.ROOT, "    %-14s %s of %s (cgroup v%d; /proc/meminfo shows the host)%n", "cgroup",
                    mib(system.cgroupUsage()), mib(system.cgroupLimit()), system.cgroupVersion());
        }

        long tooLarge = Example04Overcommit.tooLarge(system);
        heading("Map " + mib(mappingBytes) + " again, once plain and once with MAP_NORESERVE; then "
                + mib(tooLarge) + ", more than RAM + swap, both ways.");
        note("Notice Committed_AS: a plain private mapping is charged in full up front, touched or not;"
                + " MAP_NORESERVE asks not to be.");
        Example04Overcommit.attempt(out, mappingBytes);
        Example04Overcommit.attempt(out, mappingBytes, NativeMemory.Option.NO_RESERVE);
        Example04Overcommit.attempt(out, tooLarge);
        Example04Overcommit.attempt(out, tooLarge, NativeMemory.Option.NO_RESERVE);
        note(Example04Overcommit.whatThisModeShows(system.overcommitMode()));
        note("(Committed_AS counts the whole machine: other processes move it too.)");
    }

    private void recording() throws IOException {
        heading("The JFR recording of this run.");
        DemoRecording.Summary summary = recording.stopAndSummarize();
        note("Notice the faultline events beside the JDK's own: " + summary.describe());
        out.println("    Open " + summary.file() + " in JDK Mission Control (File > Open File...), then the Event");
        out.println("    Browser: faultline > Method Trace lists each traced call with its duration, faults, RSS change,");
        out.println("    Java stack and the mixed dump as text. Without JMC:");
        out.println("      jfr print --events faultline.MethodTrace " + summary.file());
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
        out.printf(Locale.ROOT, "\r    [%s%s] %3d%%  RSS %12s  minor faults %,9d", "#".repeat(filled),
                ".".repeat(width - filled), 100 * done / total, mib(rss), faults);
        out.flush();
    }

    /** Slows the live line down to a pace the eye can follow (the touching itself takes a fraction of a second). */
    private static void pause() {
        try {
            Thread.sleep(40);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** The demo's traced methods, in a class of their own so that their frames read plainly in the dump. */
    static final class Traced {
        private Traced() {
        }

        /** Step 1: its dump is the mixed backtrace. */
        @Trace
        @SuppressWarnings("faultline") // empty on purpose: the dump is the point
        static void firstCall() {
            // the dump is the point; the agent prints it when this method is entered
        }

        /** Step 3: one event per chunk in the recording, each with the minor faults the chunk cost. */
        @Trace
        static void touchChunk(NativeMemory memory, long fromPage, long pages) {
            memory.touch(fromPage, pages);
        }
    }
}
