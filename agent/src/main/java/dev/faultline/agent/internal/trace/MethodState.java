package dev.faultline.agent.internal.trace;

import dev.faultline.agent.internal.options.DumpMode;
import dev.faultline.agent.internal.options.MethodOptions;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** One traced method: its name, its class's loader, and its statistics (its call count: {@link CallCounter}). */
public final class MethodState extends CallCounter {
    final int id;
    final String className;
    final String methodName;
    final String descriptor;
    /** {@code com.acme.Store#load}: how reports and the MXBean name it. */
    final String displayName;
    private final WeakReference<ClassLoader> loader;
    /** What the method sets for itself ({@code @Trace}, the index); {@code null}/0 where the agent's option applies. */
    final MethodOptions options;
    /** {@code every} of the method itself, 0 for the agent's: read on every call, so a plain int. */
    final int every;

    /** The call number from which the next call is followed ({@code every}); written racily. */
    volatile long nextFollowed;
    final LongAdder errors = new LongAdder();
    /**
     * Calls ended by a {@code StackOverflowError}: their duration and error are counted, but
     * no dump, counters or JFR event are taken (the stack is spent: they would overflow it again).
     */
    final LongAdder overflowEnded = new LongAdder();
    /**
     * Calls counted but not measured whole: a {@code StackOverflowError} was raised inside the
     * tracer's work on them. Counted with a plain increment, which calls nothing: at the stack's
     * end, a call (an atomic add's) would overflow again and lose the count. Threads that
     * overflow at the same moment may lose one.
     */
    volatile long unfollowed;
    final LongAdder dumps = new LongAdder();
    final LongAdder suppressed = new LongAdder();
    final LongAdder totalNanos = new LongAdder();
    final AtomicLong maxNanos = new AtomicLong();
    final LongAdder minorFaults = new LongAdder();
    final LongAdder majorFaults = new LongAdder();
    final LongAdder rssDelta = new LongAdder();
    /** Calls whose RSS change was measured (exit/error dumps, JFR recording on). */
    final LongAdder rssMeasured = new LongAdder();
    final LongAdder cpuNanos = new LongAdder();
    final AtomicLong maxMinorPerCall = new AtomicLong();
    final AtomicLong maxMajorPerCall = new AtomicLong();
    /** The dump of the call with the most faults so far (major faults first), and its score. */
    private volatile String worstCall;
    private long worstScore;
    private long worstCapturedNanos;
    final DurationHistogram durations = new DurationHistogram();
    /** Made at the first call whose run-queue wait is measured; {@code null} before. */
    private volatile TimeSplit split;

    /**
     * The rate limiter: a window of one second that opens at the first dump after the last
     * one closed (not at a wall-clock second, so a burst shorter than a second gets exactly
     * {@code max-per-second} dumps), and the dumps printed in it.
     */
    private volatile long windowStart = Long.MIN_VALUE;
    private final AtomicInteger windowDumps = new AtomicInteger();

    MethodState(int id, String className, String methodName, String descriptor, ClassLoader loader,
                MethodOptions options) {
        this.options = options == null ? MethodOptions.NONE : options;
        this.every = this.options.every == null ? 0 : this.options.every;
        this.id = id;
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.displayName = className + "#" + methodName;
        this.loader = new WeakReference<>(loader);
    }

    /** {@code com.acme.Store#load}: how reports and the MXBean name the method. */
    public String displayName() {
        return displayName;
    }

    /** The method's JVM descriptor, e.g. {@code (I)J}: what tells overloads apart. */
    public String descriptor() {
        return descriptor;
    }

    /** The dump mode of this method: its own, else the agent's current one. */
    DumpMode dump(DumpMode agent) {
        return options.dump != null ? options.dump : agent;
    }

    /** The loader of the traced class ({@code null}: bootstrap, or collected). */
    ClassLoader loader() {
        return loader.get();
    }

    /** Takes one dump from this second's allowance; false when it is spent (the dump is then counted as suppressed). */
    boolean tryDump(int maxPerSecond, long nowNanos) {
        if (windowStart == Long.MIN_VALUE || nowNanos - windowStart >= 1_000_000_000L) {
            windowStart = nowNanos; // racy on purpose: two threads opening a window at once only reset it twice
            windowDumps.set(0);
        }
        if (windowDumps.incrementAndGet() <= maxPerSecond) {
            dumps.increment();
            return true;
        }
        suppressed.increment();
        return false;
    }

    /**
     * Adds a call's faults. Most calls take none: those add nothing (each add is an atomic
     * instruction on the followed call's path).
     */
    void recordFaults(long minor, long major) {
        if (minor != 0) {
            minorFaults.add(minor);
            raise(maxMinorPerCall, minor);
        }
        if (major != 0) {
            majorFaults.add(major);
            raise(maxMajorPerCall, major);
        }
    }

    /** Adds a call's CPU time; nothing for none (a call shorter than the counters' microsecond). */
    void recordCpu(long nanos) {
        if (nanos != 0) {
            cpuNanos.add(nanos);
        }
    }

    private static void raise(AtomicLong max, long value) {
        long current;
        while (value > (current = max.get()) && !max.compareAndSet(current, value)) {
            // retry
        }
    }

    /**
     * Whether a call with these faults is to be kept as the worst call: it has more than
     * the worst so far, and either twice as many or the last capture is a second old (so a
     * workload whose calls fault more and more does not capture a backtrace on every call).
     */
    synchronized boolean isNewWorst(long minor, long major, long nowNanos) {
        long score = major * 1_000_000_000L + minor;
        if (score <= worstScore || (score < 2 * worstScore && nowNanos - worstCapturedNanos < 1_000_000_000L)) {
            return false;
        }
        worstScore = score;
        worstCapturedNanos = nowNanos;
        return true;
    }

    void worstCall(String dump) {
        worstCall = dump;
    }

    /** The dump of the call with the most faults (see {@link #isNewWorst}), or {@code null}. */
    public String worstCall() {
        return worstCall;
    }

    /** Adds a measured call's duration: the histogram's count is the number of measured calls. */
    void recordDuration(long nanos) {
        totalNanos.add(nanos);
        durations.record(nanos);
        long max;
        while (nanos > (max = maxNanos.get()) && !maxNanos.compareAndSet(max, nanos)) {
            // retry
        }
    }

    /**
     * Adds a measured call's wall time split into CPU, run-queue wait and blocked, and whether
     * the cgroup's CPU quota throttled the process while it ran.
     */
    void recordSplit(long cpu, long runQueue, long blocked, boolean throttled) {
        TimeSplit parts = split;
        if (parts == null) {
            parts = makeSplit();
        }
        parts.record(cpu, runQueue, blocked, throttled);
    }

    private synchronized TimeSplit makeSplit() {
        if (split == null) {
            split = new TimeSplit();
        }
        return split;
    }

    /** Dumps printed so far. */
    public long dumpsPrinted() {
        return dumps.sum();
    }

    /** Dumps over the rate limit so far (counted, not printed). */
    public long dumpsSuppressed() {
        return suppressed.sum();
    }

    /** A snapshot for reports and the MXBean. */
    public Stats stats() {
        long max = maxNanos.get();
        // a percentile is a bucket's upper edge: never report one above the longest call
        return new Stats(displayName, descriptor, calls(), durations.count(), errors.sum(), dumps.sum(),
                suppressed.sum(), totalNanos.sum(), max, Math.min(durations.quantile(0.5), max),
                Math.min(durations.quantile(0.99), max),
                minorFaults.sum(), majorFaults.sum(), rssDelta.sum(), rssMeasured.sum(), cpuNanos.sum(),
                maxMinorPerCall.get(), maxMajorPerCall.get(), overflowEnded.sum(), unfollowed,
                split == null ? null : split.snapshot());
    }

    /** A method's statistics at one moment. */
    public static final class Stats {
        public final String method;
        public final String descriptor;
        public final long calls;
        public final long measured;
        public final long errors;
        public final long dumps;
        public final long suppressed;
        public final long totalNanos;
        public final long maxNanos;
        public final long p50Nanos;
        public final long p99Nanos;
        public final long minorFaults;
        public final long majorFaults;
        public final long rssDelta;
        /** Calls whose RSS change is in {@link #rssDelta}; 0 means RSS was not measured. */
        public final long rssMeasured;
        public final long cpuNanos;
        /** The most minor faults one call took. */
        public final long maxMinorPerCall;
        /** The most major faults one call took. */
        public final long maxMajorPerCall;
        /** Calls ended by a {@code StackOverflowError}: duration and error counted, no dump, counters or event. */
        public final long overflowEnded;
        /** Calls counted but not measured: a {@code StackOverflowError} inside the tracer's work on them. */
        public final long unfollowed;
        /** Where the calls' wall time went ({@code sched=true}); {@code null} when no call's split was measured. */
        public final TimeSplit.Snapshot split;

        Stats(String method, String descriptor, long calls, long measured, long errors, long dumps, long suppressed,
              long totalNanos, long maxNanos, long p50Nanos, long p99Nanos, long minorFaults, long majorFaults,
              long rssDelta, long rssMeasured, long cpuNanos, long maxMinorPerCall, long maxMajorPerCall,
              long overflowEnded, long unfollowed, TimeSplit.Snapshot split) {
            this.split = split;
            this.overflowEnded = overflowEnded;
            this.unfollowed = unfollowed;
            this.maxMinorPerCall = maxMinorPerCall;
            this.maxMajorPerCall = maxMajorPerCall;
            this.method = method;
            this.descriptor = descriptor;
            this.calls = calls;
            this.measured = measured;
            this.errors = errors;
            this.dumps = dumps;
            this.suppressed = suppressed;
            this.totalNanos = totalNanos;
            this.maxNanos = maxNanos;
            this.p50Nanos = p50Nanos;
            this.p99Nanos = p99Nanos;
            this.minorFaults = minorFaults;
            this.majorFaults = majorFaults;
            this.rssDelta = rssDelta;
            this.rssMeasured = rssMeasured;
            this.cpuNanos = cpuNanos;
        }

        /** Mean duration of the measured calls, in nanoseconds. */
        public long meanNanos() {
            return measured == 0 ? 0 : totalNanos / measured;
        }
    }
}
