package dev.faultline.agent.internal.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live tracked mappings by address, with a fixed capacity: what does not fit is
 * counted as dropped, never stored, so the tracker cannot grow without bound. Safe for
 * concurrent use; adding and forgetting are lock-free.
 */
final class MappingTable {
    private final ConcurrentSkipListMap<Long, TrackedMapping> byAddress = new ConcurrentSkipListMap<>();
    private final int capacity;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    MappingTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Whether a new mapping would be dropped now. */
    boolean full() {
        return count.get() >= capacity;
    }

    /**
     * Adds a mapping, or counts it as dropped when the table is full. A mapping already
     * at that address was freed without the tracker seeing it (the memory could not have
     * been handed out again otherwise), so it is replaced.
     */
    boolean add(TrackedMapping mapping) {
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        bytes.addAndGet(mapping.size());
        TrackedMapping old = byAddress.put(mapping.address(), mapping);
        if (old != null) {
            settle(old);
        }
        return true;
    }

    /** Counts a mapping that was not even offered (the table was full). */
    void countDropped() {
        dropped.incrementAndGet();
    }

    /**
     * Forgets the mapping at {@code address}, whose memory is being released. Only an exact
     * address matches: a release of untracked memory (a small buffer) must not take a
     * neighbour with it. Returns the forgotten mapping, or {@code null} when none was there.
     */
    TrackedMapping forgetFreed(long address) {
        TrackedMapping m = byAddress.get(address);
        return m != null && forget(m) ? m : null;
    }

    /** Forgets this mapping if it is still tracked; returns whether it was. */
    boolean forget(TrackedMapping mapping) {
        if (byAddress.remove(mapping.address(), mapping)) {
            settle(mapping);
            return true;
        }
        return false;
    }

    private void settle(TrackedMapping gone) {
        count.decrementAndGet();
        bytes.addAndGet(-gone.size());
        gone.forget();
    }

    /** The live mappings now, in address order. */
    List<TrackedMapping> snapshot() {
        return new ArrayList<>(byAddress.values());
    }

    /** Forgets everything (on detach). */
    void clear() {
        for (TrackedMapping m : byAddress.values()) {
            forget(m);
        }
    }

    int count() {
        return count.get();
    }

    long bytes() {
        return bytes.get();
    }

    long dropped() {
        return dropped.get();
    }

    int capacity() {
        return capacity;
    }
}
