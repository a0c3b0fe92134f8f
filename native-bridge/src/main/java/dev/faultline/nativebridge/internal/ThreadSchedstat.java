package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calling thread's {@code /proc/thread-self/schedstat}: time on the CPU, time waiting
 * on a run queue (both in nanoseconds) and timeslices run.
 *
 * <p>{@code /proc/thread-self} is resolved when the file is opened, so a descriptor
 * opened by one thread keeps reading that thread whoever reads it later: each thread
 * opens its own {@link ProcFile}, once, and keeps it in a {@link ThreadLocal}. The descriptors of threads
 * that have ended and been collected are closed when the next thread opens its own (a
 * weak reference per thread and a reference queue; no extra thread is started).
 *
 * <p>A virtual thread (JDK 21+) runs on changing carrier threads, so it gets no reading.
 */
public final class ThreadSchedstat {
    /** Field indexes in the file. */
    public static final int ON_CPU = 0;
    public static final int RUN_QUEUE_WAIT = 1;
    public static final int TIMESLICES = 2;

    private static final String PATH = "/proc/thread-self/schedstat";
    private static final ReferenceQueue<Thread> COLLECTED = new ReferenceQueue<>();
    private static final Set<ThreadDescriptor> OPEN = ConcurrentHashMap.newKeySet();
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    private static final ThreadLocal<ThreadSchedstat> FILES = new ThreadLocal<>() {
        @Override
        protected ThreadSchedstat initialValue() {
            return openForThisThread();
        }
    };

    /** This thread's file, or {@code null} when it cannot be opened. */
    private final ProcFile file;
    private final byte[] buffer = new byte[128];

    private ThreadSchedstat(ProcFile file) {
        this.file = file;
    }

    /**
     * Field {@code index} of this thread's schedstat (see the constants), or {@code -1}
     * when it cannot be read (no libc, no {@code /proc/thread-self} before Linux 3.17,
     * a kernel without {@code CONFIG_SCHED_INFO}, or a virtual thread).
     */
    public static long read(int index) {
        if (isVirtual()) {
            return -1;
        }
        ThreadSchedstat schedstat = FILES.get();
        if (schedstat.file == null) {
            return -1;
        }
        try {
            int n = schedstat.file.read(schedstat.buffer);
            return n <= 0 ? -1 : ProcParsers.field(schedstat.buffer, 0, n, index);
        } catch (IOException e) {
            return -1;
        }
    }

    private static ThreadSchedstat openForThisThread() {
        if (Natives.libc().library() == null) {
            return new ThreadSchedstat(null);
        }
        closeCollected();
        ProcFile file = ProcFile.open(PATH);
        if (!file.isOpen()) {
            return new ThreadSchedstat(null);
        }
        OPEN.add(new ThreadDescriptor(Thread.currentThread(), file));
        return new ThreadSchedstat(file);
    }

    private static void closeCollected() {
        Reference<? extends Thread> ref;
        while ((ref = COLLECTED.poll()) != null) {
            ThreadDescriptor descriptor = (ThreadDescriptor) ref;
            if (OPEN.remove(descriptor)) {
                descriptor.file.close();
            }
        }
    }

    /** A thread's descriptor, to close once the thread is gone. */
    private static final class ThreadDescriptor extends WeakReference<Thread> {
        final ProcFile file;

        ThreadDescriptor(Thread thread, ProcFile file) {
            super(thread, COLLECTED);
            this.file = file;
        }
    }

    /** Whether the calling thread is a virtual thread, whose /proc/thread-self is its carrier's. */
    public static boolean isVirtual() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable t) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) { // before JDK 21: no virtual threads
            return null;
        }
    }
}
