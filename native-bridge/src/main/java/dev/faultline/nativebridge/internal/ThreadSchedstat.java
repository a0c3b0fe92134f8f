package dev.faultline.nativebridge.internal;

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
 * opens its own, once, and keeps it in a {@link ThreadLocal}. The descriptors of threads
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
    private static final ThreadLocal<ThreadSchedstat> FILES = ThreadLocal.withInitial(ThreadSchedstat::openForThisThread);

    private final int fd;
    private final byte[] buffer = new byte[128];

    private ThreadSchedstat(int fd) {
        this.fd = fd;
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
        ThreadSchedstat file = FILES.get();
        if (file.fd < 0) {
            return -1;
        }
        long n = Natives.libc().library().pread(file.fd, file.buffer, file.buffer.length, 0);
        if (n <= 0) {
            return -1;
        }
        return ProcParsers.field(file.buffer, 0, (int) n, index);
    }

    private static ThreadSchedstat openForThisThread() {
        LibC libc = Natives.libc().library();
        if (libc == null) {
            return new ThreadSchedstat(-1);
        }
        closeCollected(libc);
        int fd = libc.open(PATH, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd >= 0) {
            OPEN.add(new ThreadDescriptor(Thread.currentThread(), fd));
        }
        return new ThreadSchedstat(fd);
    }

    private static void closeCollected(LibC libc) {
        Reference<? extends Thread> ref;
        while ((ref = COLLECTED.poll()) != null) {
            ThreadDescriptor descriptor = (ThreadDescriptor) ref;
            if (OPEN.remove(descriptor)) {
                libc.close(descriptor.fd);
            }
        }
    }

    /** A thread's descriptor, to close once the thread is gone. */
    private static final class ThreadDescriptor extends WeakReference<Thread> {
        final int fd;

        ThreadDescriptor(Thread thread, int fd) {
            super(thread, COLLECTED);
            this.fd = fd;
        }
    }

    private static boolean isVirtual() {
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
