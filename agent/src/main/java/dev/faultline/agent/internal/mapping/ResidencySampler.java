package dev.faultline.agent.internal.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Measures the residency of the largest tracked mappings, within a time budget per call.
 *
 * <p>{@code mincore} costs about 1.5 ms per GiB of anonymous memory and 10–14 ms per GiB
 * of a file mapping (the kernel looks up each absent page in the page cache), so a
 * mapping is measured in chunks of {@link #CHUNK_PAGES} pages, and one {@link #sample}
 * goes on only until its budget is spent; the next call continues where it stopped. A
 * mapping's resident bytes are updated when its pass is complete. Each pass covers the
 * {@link #MAX_SAMPLED} largest mappings; smaller ones keep their last figure. One thread
 * at a time.
 */
final class ResidencySampler {
    /** Mappings measured per pass: the largest ones. */
    static final int MAX_SAMPLED = 100;
    /** Pages per {@code mincore} call: 64 MiB of 4 KiB pages. */
    static final long CHUNK_PAGES = 16_384;

    private final ResidencyCounter counter;
    private final long pageSize;
    private final MappingTable table;

    private List<TrackedMapping> pass = List.of();
    private int next;

    ResidencySampler(MappingTable table, ResidencyCounter counter, long pageSize) {
        this.table = table;
        this.counter = counter;
        this.pageSize = pageSize;
    }

    /**
     * Measures on from where the last call stopped, for about {@code budgetNanos} (at
     * least one chunk). Returns the mappings whose pass completed in this call. A mapping
     * that is no longer mapped ({@code mincore} fails) is forgotten.
     */
    synchronized List<TrackedMapping> sample(long budgetNanos) {
        List<TrackedMapping> completed = new ArrayList<>();
        long start = System.nanoTime();
        boolean newPass = false;
        do {
            if (next >= pass.size()) {
                if (newPass) {
                    break; // every mapping measured once in this call: enough
                }
                pass = largest(table.snapshot(), MAX_SAMPLED);
                next = 0;
                newPass = true;
                if (pass.isEmpty()) {
                    break;
                }
            }
            TrackedMapping m = pass.get(next);
            if (m.forgotten() || step(m)) {
                next++;
                if (!m.forgotten()) {
                    completed.add(m);
                }
            }
        } while (System.nanoTime() - start < budgetNanos);
        return completed;
    }

    /** Measures one chunk of {@code m}; returns whether its pass is complete (or it is gone). */
    private boolean step(TrackedMapping m) {
        long first = m.address() & -pageSize;
        long end = (m.address() + m.size() + pageSize - 1) & -pageSize;
        long pages = (end - first) / pageSize;
        long chunk = Math.min(CHUNK_PAGES, pages - m.scannedPages);
        long resident;
        try {
            resident = counter.residentPages(first + m.scannedPages * pageSize, chunk * pageSize);
        } catch (RuntimeException e) {
            // unmapped behind the tracker's back (e.g. an FFM arena closed since the last check)
            m.scannedPages = 0;
            m.scannedResidentPages = 0;
            table.forget(m);
            return true;
        }
        m.scannedPages += chunk;
        m.scannedResidentPages += resident;
        if (m.scannedPages < pages) {
            return false;
        }
        // the range is widened to whole pages; a mapping cannot hold more than its own size
        m.residentBytes(Math.min(m.scannedResidentPages * pageSize, m.size()));
        m.scannedPages = 0;
        m.scannedResidentPages = 0;
        return true;
    }

    /** Binds {@code mincore} now (hundreds of milliseconds the first time), so that the first budget is not spent on it. */
    void warmUp() {
        try {
            counter.residentPages(0, 0);
        } catch (RuntimeException e) {
            // measured, and reported, when sampling
        }
    }

    /** The {@code n} largest of {@code mappings}, largest first. */
    static List<TrackedMapping> largest(Collection<TrackedMapping> mappings, int n) {
        Comparator<TrackedMapping> bySize = Comparator.comparingLong(TrackedMapping::size);
        PriorityQueue<TrackedMapping> smallestOnTop = new PriorityQueue<>(n + 1, bySize);
        for (TrackedMapping m : mappings) {
            smallestOnTop.add(m);
            if (smallestOnTop.size() > n) {
                smallestOnTop.poll();
            }
        }
        List<TrackedMapping> out = new ArrayList<>(smallestOnTop);
        out.sort(bySize.reversed());
        return out;
    }
}
