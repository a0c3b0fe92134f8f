package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.MapsLine;
import dev.faultline.nativebridge.internal.ProcParsers;
import dev.faultline.nativebridge.internal.Sizes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A process's mappings with their resident, anonymous and swapped bytes, read from
 * {@code /proc/PID/smaps}, to see where resident memory lives and which mapping an
 * address belongs to.
 *
 * <p>Public API. An immutable snapshot, mappings in ascending address order. Reading
 * smaps makes the kernel walk every page table of the process: milliseconds for a JVM,
 * so this is for occasional use, never a hot path. The kernel does not freeze the process
 * while it writes the file: mappings can change between entries. Where the file cannot be
 * read (no {@code /proc}, no such process, no permission to read another user's process)
 * {@link #available()} is {@code false}, the list is empty and {@link #problem()} says
 * why; nothing here throws.
 */
public final class Mappings {
    private static final byte[] RSS = ProcParsers.key("Rss");
    private static final byte[] PSS = ProcParsers.key("Pss");
    private static final byte[] ANONYMOUS = ProcParsers.key("Anonymous");
    private static final byte[] ANON_HUGE_PAGES = ProcParsers.key("AnonHugePages");
    private static final byte[] SWAP = ProcParsers.key("Swap");

    private final long pid;
    private final List<Mapping> mappings;
    private final String problem;

    private Mappings(long pid, List<Mapping> mappings, String problem) {
        this.pid = pid;
        this.mappings = mappings;
        this.problem = problem;
    }

    /** Reads this process's mappings. */
    public static Mappings read() {
        return read(ProcessHandle.current().pid(), Path.of("/proc/self/smaps"));
    }

    /** Reads another process's mappings (needs the right to ptrace-read it: same user, or root). */
    public static Mappings read(long pid) {
        return read(pid, Path.of("/proc/" + pid + "/smaps"));
    }

    private static Mappings read(long pid, Path file) {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return new Mappings(pid, List.of(), file + ": " + e);
        }
        List<Mapping> list = parse(text, text.length);
        if (list.isEmpty()) {
            return new Mappings(pid, List.of(), file + ": no mappings (a kernel thread, or an exited process)");
        }
        return new Mappings(pid, Collections.unmodifiableList(list), null);
    }

    /** Parses smaps text: a header line ({@code maps} format) then {@code Key: value kB} lines per mapping. */
    static List<Mapping> parse(byte[] text, int length) {
        List<Mapping> list = new ArrayList<>();
        MapsLine header = null;
        long rss = 0;
        long pss = 0;
        long anonymous = 0;
        long anonHugePages = 0;
        long swap = 0;
        int line = 0;
        while (line < length) {
            int end = line;
            while (end < length && text[end] != '\n') {
                end++;
            }
            if (isFieldLine(text, line, end)) {
                if (ProcParsers.startsWith(text, line, end, RSS)) {
                    rss = kb(text, line + RSS.length, end);
                } else if (ProcParsers.startsWith(text, line, end, PSS)) {
                    pss = kb(text, line + PSS.length, end);
                } else if (ProcParsers.startsWith(text, line, end, ANONYMOUS)) {
                    anonymous = kb(text, line + ANONYMOUS.length, end);
                } else if (ProcParsers.startsWith(text, line, end, ANON_HUGE_PAGES)) {
                    anonHugePages = kb(text, line + ANON_HUGE_PAGES.length, end);
                } else if (ProcParsers.startsWith(text, line, end, SWAP)) {
                    swap = kb(text, line + SWAP.length, end);
                }
            } else if (end > line) {
                MapsLine next = MapsLine.parse(new String(text, line, end - line, StandardCharsets.UTF_8));
                if (next != null) {
                    add(list, header, rss, pss, anonymous, anonHugePages, swap);
                    header = next;
                    rss = 0;
                    pss = 0;
                    anonymous = 0;
                    anonHugePages = 0;
                    swap = 0;
                }
            }
            line = end + 1;
        }
        add(list, header, rss, pss, anonymous, anonHugePages, swap);
        return list;
    }

    /** The pid whose mappings these are. */
    public long pid() {
        return pid;
    }

    /** Whether smaps could be read. */
    public boolean available() {
        return problem == null;
    }

    /** Why smaps could not be read, or {@code null} when it could. */
    public String problem() {
        return problem;
    }

    /** All mappings, in ascending address order; unmodifiable. */
    public List<Mapping> all() {
        return mappings;
    }

    /** The mapping that holds {@code address}, or {@code null} when it is not mapped. */
    public Mapping find(long address) {
        int low = 0;
        int high = mappings.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Mapping mapping = mappings.get(middle);
            if (Long.compareUnsigned(address, mapping.start()) < 0) {
                high = middle - 1;
            } else if (Long.compareUnsigned(address, mapping.end()) >= 0) {
                low = middle + 1;
            } else {
                return mapping;
            }
        }
        return null;
    }

    /** The sum of every mapping's {@link Mapping#rss()}. */
    public long totalRss() {
        long sum = 0;
        for (Mapping mapping : mappings) {
            sum += mapping.rss();
        }
        return sum;
    }

    /** The sum of every mapping's {@link Mapping#pss()}. */
    public long totalPss() {
        long sum = 0;
        for (Mapping mapping : mappings) {
            sum += mapping.pss();
        }
        return sum;
    }

    /** The sum of every mapping's {@link Mapping#size()}: the address space in use. */
    public long totalSize() {
        long sum = 0;
        for (Mapping mapping : mappings) {
            sum += mapping.size();
        }
        return sum;
    }

    @Override
    public String toString() {
        if (problem != null) {
            return "Mappings[pid " + pid + ", unavailable: " + problem + "]";
        }
        return "Mappings[pid " + pid + ", " + mappings.size() + " mappings, rss " + Sizes.format(totalRss()) + "]";
    }

    private static void add(List<Mapping> list, MapsLine header, long rss, long pss, long anonymous,
            long anonHugePages, long swap) {
        if (header != null) {
            list.add(new Mapping(header.start, header.end, header.perms, header.offset, header.inode,
                    header.path, rss, pss, anonymous, anonHugePages, swap));
        }
    }

    /** A field line's first word ends in {@code ':'}; a header's first word is {@code start-end}. */
    private static boolean isFieldLine(byte[] text, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = text[i];
            if (b == ' ' || b == '\t') {
                return i > from && text[i - 1] == ':';
            }
        }
        return end > from && text[end - 1] == ':';
    }

    private static long kb(byte[] text, int from, int end) {
        long value = ProcParsers.number(text, from, end);
        return value < 0 ? 0 : value * 1024;
    }
}
