package dev.faultline.examples;

import dev.faultline.nativebridge.NativeMemory;
import dev.faultline.nativebridge.NativeMemoryException;
import dev.faultline.nativebridge.OvercommitMode;
import dev.faultline.nativebridge.SystemMemory;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Example 04: overcommit, and what {@code MAP_NORESERVE} changes.
 *
 * <p>The kernel keeps a count of the memory it has promised, {@code Committed_AS} in
 * {@code /proc/meminfo}: a private writable mapping is charged in full when it is made,
 * touched or not. {@code vm.overcommit_memory} decides what the count is used for: mode 0
 * (heuristic, the default) refuses only a single allocation larger than RAM plus swap;
 * mode 1 refuses nothing; mode 2 refuses whatever would take {@code Committed_AS} above
 * {@code CommitLimit}. {@code MAP_NORESERVE} asks not to be charged at all: honoured in
 * modes 0 and 1, ignored in mode 2.
 *
 * <p>The example prints this machine's mode and figures, then maps 1 GiB plainly and with
 * {@code MAP_NORESERVE} and shows how {@code Committed_AS} moves for each; then it asks
 * for one mapping larger than RAM plus swap, both ways. None of these pages is touched,
 * so none of this costs memory. {@code Committed_AS} counts the whole machine: another
 * process that maps or unmaps at the same moment moves it too.
 */
public final class Example04Overcommit {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    private Example04Overcommit() {
    }

    public static void main(String[] args) {
        SystemMemory system = SystemMemory.now();
        OvercommitMode mode = system.overcommitMode();
        if (!system.available() || mode == null) {
            System.out.println("/proc/meminfo or /proc/sys/vm/overcommit_memory is not readable here: nothing to show.");
            return;
        }
        System.out.printf(Locale.ROOT, "overcommit mode %d (%s): %s%n", mode.value(), name(mode), mode.meaning());
        String limit = system.overcommitBytes() > 0 ? "swap + overcommit_kbytes"
                : "swap + " + system.overcommitRatio() + "% of RAM";
        System.out.printf(Locale.ROOT, "  MemTotal %s, swap %s, CommitLimit %s (%s), Committed_AS %s%n",
                mib(system.memTotal()), mib(system.swapTotal()), mib(system.commitLimit()), limit,
                mib(system.committed()));
        if (system.cgroupLimit() > 0) {
            System.out.printf(Locale.ROOT, "  this process's cgroup (v%d) may use %s; /proc/meminfo shows the host's"
                    + " figures%n", system.cgroupVersion(), mib(system.cgroupLimit()));
        }
        System.out.println();

        System.out.println("  1 GiB, never touched:");
        attempt(System.out, GIB);
        attempt(System.out, GIB, NativeMemory.Option.NO_RESERVE);
        long tooLarge = tooLarge(system);
        System.out.println("  More than RAM + swap (" + mib(tooLarge) + "), never touched:");
        attempt(System.out, tooLarge);
        attempt(System.out, tooLarge, NativeMemory.Option.NO_RESERVE);
        System.out.println();
        System.out.println(whatThisModeShows(mode));
    }

    /** A size that mode 0's heuristic refuses in one mapping: more than RAM and swap together. */
    static long tooLarge(SystemMemory system) {
        return system.memTotal() + system.swapTotal() + GIB;
    }

    /** Maps {@code bytes}, prints how Committed_AS moved or why the mapping was refused, and unmaps it. */
    static void attempt(PrintStream out, long bytes, NativeMemory.Option... options) {
        String what = String.format(Locale.ROOT, "    %-14s", options.length == 0 ? "plain" : "MAP_NORESERVE");
        long before = SystemMemory.now().committed();
        try (NativeMemory memory = NativeMemory.map(bytes, options)) {
            long charged = SystemMemory.now().committed() - before;
            out.printf(Locale.ROOT, "%s granted, Committed_AS %+,.1f MiB for %s%n", what, charged / (double) MIB,
                    mib(memory.size()));
        } catch (NativeMemoryException e) {
            out.printf(Locale.ROOT, "%s refused: %s%n", what, e.getMessage());
        }
    }

    /** What the two experiments show in {@code mode}, and what this mode cannot show. */
    static String whatThisModeShows(OvercommitMode mode) {
        switch (mode) {
            case HEURISTIC:
                return "Mode 0 shows both effects: the plain mapping is charged and the MAP_NORESERVE one is not, and"
                        + " the heuristic refuses a single plain mapping that RAM and swap could never back, while"
                        + " MAP_NORESERVE passes. CommitLimit is not enforced here (Committed_AS may go above it); only"
                        + " mode 2 enforces it, and this machine does not run mode 2.";
            case ALWAYS:
                return "Mode 1 refuses nothing: both large mappings are granted. Committed_AS still counts the plain"
                        + " mappings (and not the MAP_NORESERVE ones), but nothing acts on the count: memory runs out"
                        + " later, when pages are touched, and the OOM killer answers. This machine does not run"
                        + " mode 2, so the enforced CommitLimit cannot be seen here.";
            case NEVER:
                return "Mode 2 ignores MAP_NORESERVE: both mappings are charged, and any mapping that would take"
                        + " Committed_AS above CommitLimit is refused, with or without the flag. In this mode a failed"
                        + " mmap (or OutOfMemoryError: unable to create native thread) is the symptom, not the OOM"
                        + " killer.";
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
    }

    private static String name(OvercommitMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (double) MIB);
    }

    /*
     * How to run
     *
     *   ./faultline example 04
     *
     * or, from the repository root after `mvn -B -DskipTests package`:
     *
     *   java -cp 'examples/target/faultline-examples.jar:examples/target/lib/*' \
     *        dev.faultline.examples.Example04Overcommit
     *
     * No agent is needed: these are the kernel's counters, read through the native bridge.
     * `java -jar agent/target/faultline-agent.jar doctor` prints the mode too.
     */
}
