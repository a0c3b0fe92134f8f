package dev.faultline.agent.internal.memory;

import dev.faultline.nativebridge.ContainerMemory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The memory monitor: one daemon thread, {@value #THREAD_NAME}, that reads the process's
 * and the system's memory counters once a period and hands each {@link MemorySample} to
 * a listener (the timeline, the JFR events). It reads counters only (some small
 * {@code /proc} files: tens to hundreds of µs a tick, see MonitorTickBenchmark), never the
 * mappings, which cost milliseconds. Ticks keep to a fixed rate; a tick that comes late
 * is not made up for.
 *
 * <p>Its own failure is reported once, and the monitor stops; the application goes on.
 */
public final class MemoryMonitor {
    public static final String THREAD_NAME = "faultline-memory-monitor";

    private final long periodNanos;
    private final Consumer<MemorySample> listener;
    private final Runnable onThreadStart;
    private final Runnable beforeSample;
    /** Ticks from the thread and {@link #sampleNow()} from others take turns (rates need an order). */
    private final Object tickLock = new Object();
    /** The container's files, kept open between ticks. */
    private final ContainerMemory.Sampler container = ContainerMemory.sampler();
    private volatile MemorySample latest;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param beforeSample run right before each sample is taken (on the sampling thread,
     *                     under the same lock as the listener)
     * @param onThreadStart run first on the monitor thread (it marks the thread as the
     *                      agent's own, so that traced JDK methods it calls are not followed)
     */
    public MemoryMonitor(long periodMillis, Runnable beforeSample, Consumer<MemorySample> listener,
                         Runnable onThreadStart) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("period must be > 0 ms: " + periodMillis);
        }
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.listener = listener;
        this.onThreadStart = onThreadStart;
        this.beforeSample = beforeSample;
    }

    /** Takes the first sample on the calling thread, then starts the monitor thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        tick();
        running = true;
        thread = new Thread(new Runnable() {
            @Override
            public void run() {
                MemoryMonitor.this.run();
            }
        }, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread; waits (briefly) for it to end only when {@code wait}: at JVM exit
     * without a report nothing needs its last tick, and a thread still loading JNR for its
     * first one would hold the exit up.
     */
    public synchronized void stop(boolean wait) {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        if (!wait) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The monitor's reader of the container's figures (shared: its samples take turns). */
    public ContainerMemory.Sampler containerSampler() {
        return container;
    }

    /** Closes the container's files, once the monitor has stopped; a later sample reads them afresh. */
    public void close() {
        container.close();
    }

    /** Whether the monitor thread runs. */
    public boolean running() {
        return running;
    }

    /** The period between ticks, in milliseconds. */
    public long periodMillis() {
        return TimeUnit.NANOSECONDS.toMillis(periodNanos);
    }

    /** The most recent sample, or {@code null} before the first. */
    public MemorySample latest() {
        return latest;
    }

    /** Takes one sample now, outside the schedule (e.g. the last one, at exit), and hands it on. */
    public MemorySample sampleNow() {
        return tick();
    }

    private void run() {
        try {
            onThreadStart.run();
            long next = System.nanoTime() + periodNanos;
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                    continue; // woken early, or on time: check again
                }
                tick();
                next += periodNanos;
                long now = System.nanoTime();
                if (next - now < 0) {
                    next = now + periodNanos; // fell behind (a stopped JVM, a slow read): skip, do not catch up
                }
            }
        } catch (Throwable t) {
            running = false;
            System.err.println("faultline: warning: the memory monitor stopped: " + t);
        }
    }

    private MemorySample tick() {
        synchronized (tickLock) {
            beforeSample.run();
            MemorySample sample = MemorySample.take(latest, container);
            latest = sample;
            listener.accept(sample);
            return sample;
        }
    }
}
