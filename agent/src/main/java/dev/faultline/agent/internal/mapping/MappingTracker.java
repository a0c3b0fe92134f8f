package dev.faultline.agent.internal.mapping;

import dev.faultline.agent.bootstrap.MappingListener;
import dev.faultline.agent.internal.jfr.MappingEvent;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records the mappings that the hooked JDK methods report, and forgets them when they
 * are freed: at once where the JDK's unmap or free is hooked, else when the buffer
 * becomes unreachable (its phantom reference is enqueued, the moment the JDK's own
 * cleaner would free it) or, for FFM memory, when its arena's scope is closed or gone.
 *
 * <p>It never keeps a buffer or segment alive, never holds more than the table's
 * capacity, and never records a mapping that the agent itself makes. Its failures are
 * reported once; the application's call goes on untouched.
 */
public final class MappingTracker implements MappingListener {
    /** Direct buffers and FFM allocations smaller than this (one page) are not tracked. */
    static final long MIN_ALLOCATION = 4096;

    private final MappingTable table;
    private final Origins origins;
    private final Segments segments;
    private final boolean jfr;
    private final Runnable beginOwnWork;
    private final Runnable endOwnWork;
    private final ReferenceQueue<Object> unreachable = new ReferenceQueue<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    /** The agent's own thread that samples residency; what it maps is the agent's. */
    private volatile Thread ownThread;

    /**
     * {@code beginOwnWork} and {@code endOwnWork} bracket the tracker's work on the
     * application's threads, so that the method tracer does not trace it.
     */
    MappingTracker(MappingTable table, Origins origins, Segments segments, boolean jfr, Runnable beginOwnWork,
                   Runnable endOwnWork) {
        this.table = table;
        this.origins = origins;
        this.segments = segments;
        this.jfr = jfr;
        this.beginOwnWork = beginOwnWork;
        this.endOwnWork = endOwnWork;
    }

    @Override
    public void mapped(Object owner, long address, int probeKind, String file) {
        if (owner != null) {
            track(owner, address, -1, probeKind, file);
        }
    }

    /**
     * Memory allocated for an object still being made (a direct buffer, seen from its
     * deallocator's constructor): tracked by address and size alone, and forgotten when
     * the matching free comes ({@link #freed}), not by the object's reachability.
     */
    @Override
    public void allocated(long address, long size, int probeKind) {
        track(null, address, size, probeKind, null);
    }

    /** {@link #record} as the agent's own work, for the application's threads; {@code size} -1: the owner's. */
    private void track(Object owner, long address, long size, int probeKind, String file) {
        if (address == 0 || Thread.currentThread() == ownThread) {
            return;
        }
        beginOwnWork.run();
        try {
            MappingKind kind = MappingKind.of(probeKind);
            if (kind != null && (owner != null || !kind.scoped())) {
                long bytes = size >= 0 ? size : kind.scoped() ? segments.byteSize(owner) : ((Buffer) owner).capacity();
                record(owner, address, bytes, kind, file);
            }
        } catch (Throwable t) {
            fail(t);
        } finally {
            endOwnWork.run();
        }
    }

    /** Records a mapping; {@code owner} {@code null} where only its free will tell that it is gone. */
    private void record(Object owner, long address, long size, MappingKind kind, String file) throws Throwable {
        if (size <= 0 || !kind.fileBacked() && size < MIN_ALLOCATION) {
            return;
        }
        forgetUnreachable();
        if (table.full()) {
            table.countDropped();
            return;
        }
        String origin = origins.find(kind.call());
        if (origin == null) {
            return; // the agent's own
        }
        Reference<Object> handle = owner == null ? null
                : kind.scoped() ? new WeakReference<>(segments.scope(owner)) : new OwnerReference(owner, unreachable);
        TrackedMapping mapping = new TrackedMapping(kind, address, size, file, origin, System.currentTimeMillis(),
                handle);
        if (handle instanceof OwnerReference) {
            ((OwnerReference) handle).mapping = mapping;
        }
        if (!table.add(mapping)) {
            if (handle != null) {
                handle.clear();
            }
            return;
        }
        if (jfr && dev.faultline.agent.internal.jfr.JfrGate.up()) {
            MappingEvent event = new MappingEvent();
            if (event.isEnabled()) {
                event.kind = kind.label();
                event.address = address;
                event.size = size;
                event.file = file;
                event.origin = origin;
                event.commit();
            }
        }
        Reference.reachabilityFence(owner);
    }

    @Override
    public void freed(long address) {
        beginOwnWork.run();
        try {
            table.forgetFreed(address);
        } catch (Throwable t) {
            fail(t);
        } finally {
            endOwnWork.run();
        }
    }

    /**
     * Forgets the mappings whose owners became unreachable and the FFM mappings whose
     * scope closed. Called by the sampling thread each period, and on each new mapping.
     */
    void forgetUnreachable() {
        Reference<?> ref;
        while ((ref = unreachable.poll()) != null) {
            TrackedMapping m = ((OwnerReference) ref).mapping;
            if (m != null) {
                table.forget(m);
            }
        }
    }

    /** Forgets the FFM mappings whose arena is closed or unreachable (their memory is freed then). */
    void forgetClosedScopes() {
        if (segments == null) {
            return;
        }
        for (TrackedMapping m : table.snapshot()) {
            if (!m.kind().scoped()) {
                continue;
            }
            Object scope = m.handle.get();
            boolean alive;
            try {
                alive = scope != null && segments.isAlive(scope);
            } catch (Throwable t) {
                alive = false;
            }
            if (!alive) {
                table.forget(m);
            }
        }
    }

    /** The {@code n} mappings with the most resident bytes (then the largest), most first. */
    public List<TrackedMapping> top(int n) {
        List<TrackedMapping> all = table.snapshot();
        Comparator<TrackedMapping> byResident = Comparator.comparingLong(TrackedMapping::residentBytes);
        all.sort(byResident.thenComparingLong(TrackedMapping::size).reversed());
        return new ArrayList<>(all.subList(0, Math.min(n, all.size())));
    }

    public long trackedCount() {
        return table.count();
    }

    public long trackedBytes() {
        return table.bytes();
    }

    public long droppedCount() {
        return table.dropped();
    }

    MappingTable table() {
        return table;
    }

    void ownThread(Thread thread) {
        ownThread = thread;
    }

    private void fail(Throwable t) {
        if (failed.compareAndSet(false, true)) {
            System.err.println("faultline: warning: the mapping tracker failed, some mappings may be missing: " + t);
        }
    }

    /** A phantom reference to a buffer, which finds its mapping when the buffer is unreachable. */
    private static final class OwnerReference extends PhantomReference<Object> {
        volatile TrackedMapping mapping;

        OwnerReference(Object owner, ReferenceQueue<Object> queue) {
            super(owner, queue);
        }
    }
}
