package dev.faultline.agent.internal.memory.rss;

import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.nativebridge.Mapping;
import dev.faultline.nativebridge.Mappings;
import dev.faultline.nativebridge.Residency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Where is my RSS": every mapping of this process sorted into classes (Java heap, code
 * cache, thread stacks, metaspace, tracked mappings, mapped files, malloc, ...) with the
 * size and resident bytes of each, the sources that decided, and the JVM's own Native
 * Memory Tracking figures where it runs. Made on demand ({@link #now()}): it reads all of
 * {@code /proc/self/smaps} and runs {@code VM.info} and {@code VM.metaspace}, which cost
 * milliseconds (hundreds with NMT in detail mode) — never on the monitor's tick.
 */
public final class RssClassification {
    /** One class with its figures. */
    public static final class Row {
        public final RssClass rssClass;
        /** Mappings, or parts of mappings split at a known range's edge. */
        public final long mappings;
        public final long size;
        public final long rss;
        public final long swap;

        Row(RssClass rssClass, long mappings, long size, long rss, long swap) {
            this.rssClass = rssClass;
            this.mappings = mappings;
            this.size = size;
            this.rss = rss;
            this.swap = swap;
        }
    }

    /** One NMT category: what the JVM reserved and committed for it. */
    public static final class NmtRow {
        public final String category;
        public final long reserved;
        public final long committed;

        NmtRow(String category, long reserved, long committed) {
            this.category = category;
            this.reserved = reserved;
            this.committed = committed;
        }
    }

    public final boolean available;
    /** Why the classification could not be made, or {@code null}. */
    public final String problem;
    /** Every class, in {@link RssClass} order, empty ones included. */
    public final List<Row> rows;
    /** {@code off}, {@code summary}, {@code detail} or {@code unknown}. */
    public final String nmtMode;
    /** NMT's categories (empty when NMT is off). */
    public final List<NmtRow> nmt;
    /** What decided, and what could not be known, one sentence each. */
    public final List<String> notes;

    private RssClassification(boolean available, String problem, List<Row> rows, String nmtMode, List<NmtRow> nmt,
                              List<String> notes) {
        this.available = available;
        this.problem = problem;
        this.rows = Collections.unmodifiableList(rows);
        this.nmtMode = nmtMode;
        this.nmt = Collections.unmodifiableList(nmt);
        this.notes = Collections.unmodifiableList(notes);
    }

    /** Classifies this process's mappings now. Never throws. */
    public static RssClassification now() {
        try {
            return read();
        } catch (RuntimeException | LinkageError e) {
            return new RssClassification(false, "the classification failed: " + e, List.of(), "unknown", List.of(),
                    List.of());
        }
    }

    private static RssClassification read() {
        List<String> notes = new ArrayList<>();
        String mode = NativeMemoryTracking.mode();
        List<AddressRange> nmtRanges = List.of();
        List<NmtRow> nmt = new ArrayList<>();
        if ("summary".equals(mode) || "detail".equals(mode)) {
            for (NativeMemoryTracking.Category c
                    : NativeMemoryTracking.summary(DiagnosticCommand.run("vmNativeMemory", "summary"))) {
                nmt.add(new NmtRow(c.name, c.reserved, c.committed));
            }
        }
        if ("detail".equals(mode)) {
            nmtRanges = NativeMemoryTracking.reservedRanges(DiagnosticCommand.run("vmNativeMemory", "detail"));
            notes.add("JVM ranges: from Native Memory Tracking (detail), " + nmtRanges.size() + " reservations.");
        } else if ("summary".equals(mode)) {
            notes.add("Native Memory Tracking runs in summary mode: its figures are below (with =detail its ranges"
                    + " would classify every JVM reservation by address).");
        } else if ("off".equals(mode)) {
            notes.add("Native Memory Tracking is off: run with -XX:NativeMemoryTracking=summary for the JVM's own"
                    + " figures per category (=detail to classify every JVM reservation by address).");
        } else {
            notes.add("Native Memory Tracking is not available here (not HotSpot).");
        }
        String info = DiagnosticCommand.run("vmInfo");
        List<AddressRange> vmInfo = info == null ? List.of() : JvmRegions.fromVmInfo(info);
        String heapFile = info == null ? null : JvmRegions.heapBackingFile(info);
        notes.add(info == null ? "VM.info is not available: the JVM's heap, code cache and class space are not known"
                + " by address." : "Java heap, code heaps, compressed class space, CDS archive, card table and marking"
                + " bitmaps: from VM.info (" + vmInfo.size() + " ranges" + (heapFile == null ? "" : "; heap file "
                + heapFile) + ").");
        String metaspace = DiagnosticCommand.run("vmMetaspace", "vslist");
        List<AddressRange> nodes = metaspace == null ? List.of() : JvmRegions.fromMetaspace(metaspace);
        notes.add(metaspace == null ? "VM.metaspace is not available: metaspace outside class space is unclassified."
                : "Metaspace: " + nodes.size() + " virtual space nodes from VM.metaspace vslist.");
        List<AddressRange> tracked = TrackedRanges.current();
        notes.add(tracked.isEmpty() ? "No tracked mappings: direct buffers and mapped files are counted as"
                + " unclassified anonymous memory and mapped files." : tracked.size() + " tracked mappings.");
        notes.add("Thread stacks not known by address: by the guard-page layout (a small ---p guard right below"
                + " rw-p) and [stack]. Malloc: [heap] and 64 MiB-aligned glibc arenas; malloc's large blocks are"
                + " plain anonymous mappings and stay unclassified.");
        Mappings mappings = Mappings.read();
        if (!mappings.available()) {
            return new RssClassification(false, mappings.problem(), List.of(), mode == null ? "unknown" : mode, nmt,
                    notes);
        }
        List<Region> regions = new ArrayList<>();
        for (Mapping mapping : mappings.all()) {
            regions.add(Region.of(mapping));
        }
        KnownRanges known = KnownRanges.of(tracked, nmtRanges, vmInfo, nodes);
        RssClassifier.Result result = RssClassifier.classify(regions, known, heapFile,
                (start, length) -> Residency.of(start, length).residentBytes());
        if (result.split > 0) {
            notes.add(result.split + " mappings crossed the edge of a known range and were split"
                    + (result.estimated > 0 ? "; the RSS of " + result.estimated + " was shared out by size"
                    + " (mincore unavailable or a file mapping)" : "; their parts' RSS is from mincore") + ".");
        }
        return new RssClassification(true, null, rows(result.totals), mode == null ? "unknown" : mode, nmt, notes);
    }

    static List<Row> rows(Map<RssClass, long[]> totals) {
        List<Row> rows = new ArrayList<>();
        for (RssClass c : RssClass.values()) {
            long[] t = totals.get(c);
            rows.add(new Row(c, t[0], t[1], t[2], t[3]));
        }
        return rows;
    }

    /** The sum of every class's RSS: the process's RSS as smaps adds it up. */
    public long totalRss() {
        long sum = 0;
        for (Row row : rows) {
            sum += row.rss;
        }
        return sum;
    }

    /** The sum of every class's size: the mapped address space. */
    public long totalSize() {
        long sum = 0;
        for (Row row : rows) {
            sum += row.size;
        }
        return sum;
    }

    /** The row of one class. */
    public Row row(RssClass rssClass) {
        return rows.get(rssClass.ordinal());
    }

    /** The classification as a text table with its notes, largest RSS first. */
    public String text() {
        StringBuilder out = new StringBuilder();
        if (!available) {
            out.append("RSS classification unavailable: ").append(problem).append('\n');
        } else {
            out.append("Where the RSS is: ").append(ByteAmount.format(totalRss())).append(" resident in ")
                    .append(ByteAmount.format(totalSize())).append(" mapped (from /proc/self/smaps)\n");
            out.append(String.format(Locale.ROOT, "  %-30s %12s %12s %9s%n", "class", "RSS", "size", "mappings"));
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort((a, b) -> Long.compare(b.rss, a.rss));
            for (Row row : sorted) {
                if (row.mappings > 0) {
                    out.append(String.format(Locale.ROOT, "  %-30s %12s %12s %9d%n", row.rssClass.label(),
                            ByteAmount.format(row.rss), ByteAmount.format(row.size), row.mappings));
                }
            }
        }
        if (!nmt.isEmpty()) {
            out.append("Native Memory Tracking (").append(nmtMode).append("), what the JVM reserved and committed"
                    + " (committed is not resident until touched):\n");
            for (NmtRow row : nmt) {
                out.append(String.format(Locale.ROOT, "  %-30s reserved %12s  committed %12s%n", row.category,
                        ByteAmount.format(row.reserved), ByteAmount.format(row.committed)));
            }
        }
        for (String note : notes) {
            out.append("- ").append(note).append('\n');
        }
        return out.toString();
    }
}
