package dev.faultline.agent.internal;

import dev.faultline.agent.internal.instrument.WeaverWarmUp;
import dev.faultline.nativebridge.Backtrace;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.ThreadCounters;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent's start-up thread, {@code faultline-start}, begun first thing in
 * {@code premain}. While {@code premain} parses the options and prepares the rest, it
 * loads and runs the weaver once (ASM's classes, cold: the longest part of the agent's
 * start) and reads what the first dump needs (whether frame pointers are kept). Then it
 * waits for {@code premain} to hand it the slow rest (JNR and libunwind, the JFR event
 * class, the MXBeans), which {@code main} does not wait for. Refers to no probe type.
 *
 * <p>That rest may be handed over with a delay ({@link #then(Runnable, long)}): it is
 * started when the delay is over or when someone needs it ({@link #hurry()}), whichever
 * comes first, and not at all in a JVM that ends before. Loading JNR, JMX and JFR takes
 * about 0.3 s of CPU time: on two cores, a short-lived JVM would spend it competing with
 * its own {@code main}.
 */
final class StartThread implements Runnable {
    private final Thread thread = new Thread(this, "faultline-start");
    private final CountDownLatch marked = new CountDownLatch(1);
    private final CountDownLatch handedOver = new CountDownLatch(1);
    private final CountDownLatch hurried = new CountDownLatch(1);
    private volatile long delayMillis;
    private volatile Runnable markOwn;
    private volatile Runnable rest;

    private StartThread() {
        thread.setDaemon(true);
    }

    /** Starts the thread; never throws (the warm-up is then done by {@link #awaitWarm()}). */
    static StartThread begin() {
        StartThread start = new StartThread();
        try {
            start.thread.start();
        } catch (Throwable t) {
            // awaitWarm() does the warm-up then
        }
        return start;
    }

    /** Waits until the weaver is warm (the warm-up runs once: whoever comes second waits for it). */
    void awaitWarm() {
        WeaverWarmUp.run();
    }

    /** Whether {@link #then} was called (the latch says so too, but through JDK code). */
    private volatile boolean handed;

    /**
     * Hands the thread what marks it as the agent's own work for the tracer (so that a JDK
     * method named by a pattern is not traced where this thread calls it); the thread
     * waits for it after the warm-up, before it calls anything the transformer may weave.
     */
    void ownWork(Runnable mark) {
        markOwn = mark;
        marked.countDown();
    }

    /** Hands the thread the rest of the start-up work ({@code null}: none, the agent did not start). Once. */
    void then(Runnable work) {
        then(work, 0);
    }

    /**
     * Hands the thread the rest of the start-up work, to begin {@code delayMillis} from now
     * or at {@link #hurry()}, whichever comes first. Once.
     */
    void then(Runnable work, long delayMillis) {
        // a plain flag first: the latch's methods are JDK code that a pattern may name, and the
        // no-op call at the end of premain runs after the agent's own work has ended
        if (handed) {
            return;
        }
        if (handedOver.getCount() > 0) {
            handed = true;
            this.delayMillis = delayMillis;
            rest = work;
            marked.countDown(); // should the agent have stopped before it had a tracer
            handedOver.countDown();
        }
    }

    /** Begins the delayed rest of the start-up work now (something needs it); a no-op after. */
    void hurry() {
        hurried.countDown();
    }

    /**
     * Loads and runs once, off {@code main}, what the first traced call needs: whether frame
     * pointers are kept (the first dump says what it cannot see), the stack walk and its
     * format, the {@code /proc} readers of the counters (JNR is not loaded yet: the premain
     * said so with {@code deferLibc}). With frame pointers on, the native walk is left to the
     * first dump, which waits for libunwind.
     */
    private static void prepareFirstCall() {
        Boolean framePointers = NativeSupport.preserveFramePointer();
        Backtrace backtrace = Boolean.FALSE.equals(framePointers) ? Backtrace.capture(8) : Backtrace.captureJavaOnly(8);
        backtrace.format(" [start-up]");
        ProcessMemory.currentRss();
        ThreadCounters.quickInto(new long[ThreadCounters.SLOTS]); // the traced call's reader
        ThreadCounters.runQueueWaitNow(); // and sched=true's
    }

    @Override
    public void run() {
        try {
            WeaverWarmUp.run();
            // the transformer may be installed from here on: nothing this thread calls may be traced
            marked.await();
            Runnable mark = markOwn;
            if (mark == null) {
                return; // the agent did not start (bad options, an error): it steps aside
            }
            mark.run();
            prepareFirstCall();
            handedOver.await();
            Runnable work = rest;
            if (work != null) {
                hurried.await(delayMillis, TimeUnit.MILLISECONDS);
                work.run();
            }
        } catch (Throwable t) {
            System.err.println("faultline: warning: the agent's start-up work failed: " + t);
        }
    }
}
