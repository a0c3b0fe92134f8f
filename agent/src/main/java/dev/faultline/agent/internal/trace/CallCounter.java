package dev.faultline.agent.internal.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A traced method's exact call count, kept without an atomic instruction for one thread.
 * The first thread that calls the method becomes its owner and counts in a field that only
 * it writes (an opaque store: a plain move on x86 and ARM, about 4 ns less than the atomic
 * add); every other thread counts with an atomic add in a shared field. The count is the
 * sum of the two, so no call is lost however threads race; a reader on another thread may
 * see the owner's last few calls late (opaque order), never a torn value.
 *
 * <p>The owner stays the first caller even after it ends (handing the count over would
 * make readers see it twice or not at all for a moment): a method called once by
 * {@code main} and then only by workers pays the atomic add on every worker call, as it did
 * before. The owner's {@code Thread} object is kept reachable (an ended thread holds little).
 *
 * <p>{@link MethodState} extends it so that the counter's fields sit in the method's own
 * object: the skipped call's path follows one pointer fewer per field (measured: each
 * extra object on the path costs about a nanosecond there).
 */
abstract class CallCounter {
    private static final VarHandle OWNER;
    private static final VarHandle OWNED;
    private static final VarHandle SHARED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(CallCounter.class, "owner", Thread.class);
            OWNED = lookup.findVarHandle(CallCounter.class, "owned", long.class);
            SHARED = lookup.findVarHandle(CallCounter.class, "shared", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread that counts in {@link #owned}; {@code null} until the first call. */
    private volatile Thread owner;
    /** The owner's calls: written only by the owner (opaque), read by anyone (opaque). */
    @SuppressWarnings("unused") // through OWNED
    private long owned;
    /** The other threads' calls: atomic adds. */
    private volatile long shared;

    /**
     * Counts one call of the calling thread and returns the count including it: exact while
     * one thread calls, otherwise a number between the calls counted before and after.
     */
    final long countCall() {
        Thread current = Thread.currentThread();
        Thread first = owner;
        if (first == current || (first == null && OWNER.compareAndSet(this, null, current))) {
            long n = (long) OWNED.get(this) + 1; // plain read: only this thread writes it
            OWNED.setOpaque(this, n);
            return n + shared;
        }
        return (long) SHARED.getAndAdd(this, 1L) + 1 + (long) OWNED.getOpaque(this);
    }

    /** All calls counted so far. */
    final long calls() {
        return (long) OWNED.getOpaque(this) + shared;
    }
}
