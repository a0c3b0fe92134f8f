package dev.faultline.agent.internal.trace;

import dev.faultline.agent.bootstrap.Dispatcher;
import dev.faultline.agent.internal.jfr.JfrGate;
import dev.faultline.agent.internal.jfr.MethodTraceEvent;
import dev.faultline.agent.internal.options.AgentOptions;
import dev.faultline.agent.internal.options.DumpMode;
import dev.faultline.agent.internal.options.MethodOptions;
import dev.faultline.agent.internal.sink.Sink;
import dev.faultline.nativebridge.Backtrace;
import dev.faultline.nativebridge.CpuThrottling;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.ThreadCounters;
import dev.faultline.nativebridge.internal.Decimals;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tracer: decides per traced call whether to follow it (re-entry, {@code every}),
 * measures it, prints its dump within the rate limit, and commits its JFR event.
 *
 * <p>A call that {@code every} skips costs an array read, an atomic increment and a
 * compare; the first call of a method and then every N-th are followed. Calls of a traced
 * JDK method made by the tracer itself are neither counted nor followed. Its own failures
 * are reported once, and then tracing stops: the application goes on.
 */
public final class Tracer implements Dispatcher {
    /** Frames of these packages are the agent's own and never shown. */
    static final String[] OWN_PREFIXES = {"dev.faultline.agent."};

    private final MethodRegistry registry;
    private final Sink sink;
    private final int depth;
    /** The {@code native} option: {@code null} for "where libunwind loads". */
    private final Boolean nativeOption;
    /** 0 until libunwind was looked for (on the start-up thread or the first dump), then 1 (loaded) or 2 (not). */
    private volatile int nativeState;
    /** Run once a few calls have read their counters from /proc (JNR not loaded yet); may be {@code null}. */
    private volatile Runnable servicesWanted;
    /** Followed calls that read their counters from /proc; counted racily (only a trigger). */
    private int procfsCalls;
    private final boolean memory;
    private final boolean jfr;
    /** See {@link #enterGuardFirst}. */
    private final boolean guardFirst;
    /** {@code sched=true}: measured calls read their run-queue wait too. */
    private final boolean sched;
    /** With {@code sched=true}, whether the process's cgroup has a CPU quota, whose throttling calls then read. */
    private final boolean quota;
    private final ThreadLocal<ThreadState> threads = new ThreadLocal<>() {
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }
    }; // no lambdas on the start-up path: each costs milliseconds of the host's start-up
    private final AtomicBoolean failed = new AtomicBoolean();

    private volatile DumpMode dump;
    private volatile int every;
    private volatile int maxPerSecond;

    /**
     * @param guardFirst whether some pattern names JDK classes, whose methods the tracer's own
     *                   path may call: then the re-entry guard is the first thing a call checks
     */
    public Tracer(MethodRegistry registry, Sink sink, AgentOptions options, boolean guardFirst) {
        Decimals.oneDecimal(0, false); // loaded here, in premain: a dump's first use must load nothing on its thread
        this.registry = registry;
        this.guardFirst = guardFirst;
        this.nativeOption = options.nativeFrames;
        this.sink = sink;
        this.depth = options.depth;
        this.memory = options.memory;
        this.sched = options.sched;
        if (sched) {
            ThreadClock.now(); // loads the JVM's management classes now, not inside the first measured call
        }
        this.quota = sched && CpuThrottling.now().hasQuota(); // about 0.1 ms, once
        this.jfr = options.jfr;
        if (options.jfr) {
            JfrGate.check();
        }
        this.dump = options.dump;
        this.every = options.every;
        this.maxPerSecond = options.maxPerSecond;
    }

    @Override
    public long enter(int methodId) {
        if (guardFirst) {
            return enterGuardFirst(methodId);
        }
        // the path of a call that every= skips: an array read, a count (no atomic add on the
        // method's first thread, see CallCounter), a compare
        MethodState method = registry.get(methodId);
        if (method == null || skipped(method)) {
            return 0;
        }
        ThreadState thread;
        try {
            thread = threads.get();
        } catch (StackOverflowError e) {
            method.unfollowed++; // counted, and now it cannot be followed: say so
            return 0;
        }
        if (thread.busy > 0) {
            return 0;
        }
        thread.busy++;
        try {
            return follow(thread, method);
        } catch (StackOverflowError e) {
            method.unfollowed++; // counted, then the stack ran out calling the tracer's work
            return 0;
        } finally {
            thread.busy--;
        }
    }

    /**
     * {@link #enter} when a pattern names JDK classes: the re-entry guard comes first,
     * before the call count (its VarHandles run {@code Objects.requireNonNull} and
     * {@code Class.cast} until compiled) and everything else. What runs before the guard
     * holds is the thread-local look-up alone ({@code Thread.currentThread}, {@code ThreadLocal}
     * and its map, {@code java.lang.ref}: classes {@code Selection} never traces), so a
     * traced JDK method that the tracer calls is neither counted nor followed.
     */
    private long enterGuardFirst(int methodId) {
        ThreadState thread = threads.get();
        if (thread.busy > 0) {
            return 0;
        }
        thread.busy++;
        try {
            MethodState method = registry.get(methodId);
            if (method == null || skipped(method)) {
                return 0;
            }
            try {
                return follow(thread, method);
            } catch (StackOverflowError e) {
                method.unfollowed++; // counted, then the stack ran out calling the tracer's work
                return 0;
            }
        } finally {
            thread.busy--;
        }
    }

    /** Counts the call; whether {@code every} skips it. */
    private boolean skipped(MethodState method) {
        long call = method.countCall();
        int n = method.every != 0 ? method.every : every;
        if (n > 1) {
            if (call < method.nextFollowed) {
                return true;
            }
            method.nextFollowed = call + n; // racy on purpose: "every N-th" needs no lock
        }
        return false;
    }

    /** Follows a counted call, on a thread whose guard is up; the token, or 0 when not followed. */
    private long follow(ThreadState thread, MethodState method) {
        if (failed.get()) {
            return 0;
        }
        int depth = thread.depth;
        try {
            return enterFollowed(thread, method);
        } catch (Throwable t) {
            // no call before the count: at the stack's end a call overflows again, and the count would be lost
            if (t instanceof StackOverflowError) {
                method.unfollowed++;
                thread.depth = depth; // this call is not followed; the next entry overwrites its record
                return 0;
            }
            thread.depth = depth;
            if (depth < thread.stack.length && thread.stack[depth] != null) {
                thread.stack[depth].clear();
            }
            fail(t);
            return 0;
        }
    }

    private long enterFollowed(ThreadState thread, MethodState method) {
        // inside another followed call, this call's entry work is the tracer's own in that call's figures
        boolean nested = thread.depth > 0;
        long ownBegin = 0;
        int ownRead = ThreadCounters.READ_NOTHING;
        if (nested) {
            ownBegin = System.nanoTime();
            ownRead = ThreadCounters.quickInto(thread.ownStart);
        }
        CallRecord record = thread.push();
        // every field set here, so that a record left by an entry that a stack overflow cut short is overwritten
        record.method = method;
        boolean measured = method.options.memory != null ? method.options.memory : memory;
        record.measured = measured;
        record.rssMeasured = false;
        record.runQueueStart = -1;
        record.cpuClockStart = -1;
        record.throttleRead = false;
        DumpMode mode = method.dump(dump);
        MethodTraceEvent event = null;
        // JfrGate's listener is registered with the delayed services: a recording that the
        // application starts sooner is seen here by asking JFR (a static field read)
        if (jfr && (JfrGate.up() || JfrGate.check())) {
            event = new MethodTraceEvent();
            if (!event.isEnabled()) {
                event = null;
            }
        }
        if (mode == DumpMode.ENTRY && method.tryDump(maxPerSecond, System.nanoTime())) {
            String text = dump(method, "entry",
                    measured ? "minflt +0, majflt +0, rss " + mib(ProcessMemory.currentRss()) : null);
            if (event != null) {
                event.nativeStack = text;
            }
        }
        // the call's own figures start here, after the tracer's work on entry. RSS (a
        // /proc read, about 1 µs) only where a delta is shown: the exit/error dump or JFR.
        if (measured) {
            record.rssMeasured = event != null || mode == DumpMode.EXIT || mode == DumpMode.ERROR;
            if (record.rssMeasured) {
                record.rss = ProcessMemory.currentRss();
            }
            record.countersRead = ThreadCounters.quickInto(record.counters);
            // the split's reads hug the call's clock: run-queue wait outermost, then the CPU clock
            if (sched) {
                record.throttleRead = quota && CpuThrottling.readInto(record.throttleStart);
                record.runQueueStart = ThreadCounters.runQueueWaitNow();
                record.cpuClockStart = ThreadClock.now();
            }
        }
        if (event != null) {
            event.begin();
        }
        record.event = event;
        if (nested) {
            boolean sameReader = measured && record.countersRead == ownRead;
            addOwnWork(thread, ownBegin, thread.ownStart, ownRead, sameReader ? record.counters : thread.exitCounters,
                    sameReader ? ownRead : ThreadCounters.READ_NOTHING);
        }
        record.ownNanosAtStart = thread.ownNanos;
        System.arraycopy(thread.ownCounters, 0, record.ownCountersAtStart, 0, ThreadCounters.SLOTS);
        record.startNanos = System.nanoTime();
        return thread.depth;
    }

    /**
     * Adds the tracer's work from {@code beginNanos} (counters then in {@code begin}, read as
     * {@code beginRead} says) to now (counters in {@code end} when {@code endRead} says they
     * were read, else read into it here) to the thread's own-work sums.
     */
    private static void addOwnWork(ThreadState thread, long beginNanos, long[] begin, int beginRead, long[] end,
                                   int endRead) {
        if (beginRead != ThreadCounters.READ_NOTHING && endRead == ThreadCounters.READ_NOTHING) {
            // the same reader at both ends: the work between may be what loaded libc (the first dump)
            endRead = beginRead == ThreadCounters.READ_PROCFS ? ThreadCounters.procfsInto(end)
                    : ThreadCounters.quickInto(end);
        }
        thread.ownNanos += System.nanoTime() - beginNanos;
        if (beginRead != ThreadCounters.READ_NOTHING && endRead == beginRead) {
            long[] own = thread.ownCounters;
            for (int i = 0; i < ThreadCounters.SLOTS; i++) {
                own[i] += end[i] - begin[i];
            }
        }
    }

    /**
     * Followed calls with counters that may read {@code /proc} (about 20 µs each) before
     * {@link #whenServicesWanted} asks for JNR ({@code getrusage}, about 0.4 µs).
     */
    static final int PROCFS_CALLS_BEFORE_JNR = 64;

    /** What to run once {@link #PROCFS_CALLS_BEFORE_JNR} calls have read their counters from {@code /proc}. */
    public void whenServicesWanted(Runnable wanted) {
        servicesWanted = wanted;
    }

    /** {@link #beginOwnWork()} as a {@code Runnable}, for those that mark their own threads. */
    public Runnable beginsOwnWork() {
        return new OwnWork(true);
    }

    /** {@link #endOwnWork()} as a {@code Runnable}. */
    public Runnable endsOwnWork() {
        return new OwnWork(false);
    }

    /** Not a method reference: each lambda costs milliseconds of the host's start-up. */
    private final class OwnWork implements Runnable {
        private final boolean begin;

        OwnWork(boolean begin) {
            this.begin = begin;
        }

        @Override
        public void run() {
            if (begin) {
                beginOwnWork();
            } else {
                endOwnWork();
            }
        }
    }

    /**
     * Marks the start of the agent's own work on this thread (a class transformation):
     * methods it calls are not traced until {@link #endOwnWork()}.
     */
    public void beginOwnWork() {
        threads.get().busy++;
    }

    /**
     * Marks the start of a class transformation on this thread, as the agent's own work
     * (see {@link #beginOwnWork()}): {@code false}, and nothing marked, when this thread is
     * already inside one (a class that the transformation's own work loads is left as it
     * is). One thread-local look-up: this runs for every class that loads.
     */
    public boolean beginTransform() {
        ThreadState thread = threads.get();
        if (thread.transforming) {
            return false;
        }
        thread.transforming = true;
        thread.busy++;
        return true;
    }

    /** Ends what {@link #beginTransform()} began, when it returned {@code true}. */
    public void endTransform() {
        ThreadState thread = threads.get();
        thread.transforming = false;
        if (thread.busy > 0) {
            thread.busy--;
        }
    }

    /** Ends what {@link #beginOwnWork()} began. */
    public void endOwnWork() {
        ThreadState thread = threads.get();
        if (thread.busy > 0) {
            thread.busy--;
        }
    }

    /** Loads and links what the first traced call would otherwise pay for (JFR event class, counters, thread state). */
    public void warmUp() {
        if (jfr) {
            JfrGate.listen(); // first: JFR may start later (jcmd JFR.start, JMC): events from then on
            if (JfrGate.up()) {
                new MethodTraceEvent().isEnabled();
            }
        }
        if (!Boolean.FALSE.equals(nativeOption) && !Boolean.FALSE.equals(NativeSupport.preserveFramePointer())) {
            nativeAvailable();
        }
        threads.get().push();
        threads.get().depth = 0;
        if (memory) {
            NativeSupport.libcAvailable(); // until libc is loaded, calls read their counters from /proc
            ThreadCounters.quickInto(threads.get().exitCounters); // the traced call's own reader
            ProcessMemory.currentRss();
        }
    }

    @Override
    public void exit(int methodId, long token, Throwable thrown) {
        ThreadState thread;
        try {
            thread = threads.get();
        } catch (StackOverflowError e) {
            MethodState method = registry.get(methodId);
            if (method != null) {
                method.unfollowed++; // followed on entry, its end lost
            }
            return;
        }
        if (thread.busy > 0 || token <= 0 || token > thread.depth) {
            return;
        }
        CallRecord record = thread.stack[(int) token - 1];
        for (int i = (int) token; i < thread.depth; i++) {
            // a deeper call whose exit never came (a stack overflow in its exit's probe call): counted, not measured
            CallRecord lost = thread.stack[i];
            if (lost.method != null) {
                lost.method.unfollowed++;
                lost.clear();
            }
        }
        thread.depth = (int) token - 1;
        MethodState method = record.method;
        if (method == null || method.id != methodId) {
            record.clear();
            return;
        }
        thread.busy++;
        try {
            // the call's end, read right beside the event's, so that both time the same call
            long end = System.nanoTime();
            if (record.event != null) {
                record.event.end();
            }
            long nanos = Math.max(0, end - record.startNanos - (thread.ownNanos - record.ownNanosAtStart));
            if (thrown instanceof StackOverflowError) {
                // the stack is (nearly) spent: a dump, a counter read or an event would overflow it again
                // inside the JDK's code (its class loading then reports an instrumentation failure)
                method.recordDuration(nanos);
                method.errors.increment();
                method.overflowEnded.increment();
            } else {
                int read = exitFollowed(thread, record, method, nanos, thrown);
                if (thread.depth > 0) {
                    // inside another followed call, this call's exit work is the tracer's own in that call's figures
                    addOwnWork(thread, end, thread.exitCounters, read, thread.ownStart, ThreadCounters.READ_NOTHING);
                }
            }
        } catch (Throwable t) {
            if (t instanceof StackOverflowError) {
                method.unfollowed++;
            }
            fail(t);
        } finally {
            record.clear();
            thread.busy--;
        }
    }

    /** The call's exit work; returns how its counters at exit were read into {@code thread.exitCounters}. */
    private int exitFollowed(ThreadState thread, CallRecord record, MethodState method, long nanos,
                             Throwable thrown) {
        MethodTraceEvent event = record.event; // ended in exit(), beside the call's end
        boolean measured = record.measured;
        // the call's counter deltas (zero where the counters cannot be read), without allocating
        long minor = 0;
        long major = 0;
        long user = 0;
        long system = 0;
        long voluntary = 0;
        long involuntary = 0;
        long rss = 0;
        long rssDelta = 0;
        int read = ThreadCounters.READ_NOTHING;
        boolean countersRead = false;
        long runQueue = -1; // not measured
        long splitCpu = -1; // the CPU clock's figure, for the split
        long throttledPeriods = -1; // the cgroup's CPU quota: not measured
        long throttledNanos = -1;
        long quotaPeriods = -1;
        if (measured) {
            // both ends read alike: a call that began while libc was loading ends on /proc too
            long[] now = thread.exitCounters;
            if (record.runQueueStart >= 0 && record.cpuClockStart >= 0) {
                long cpuClockEnd = ThreadClock.now();
                long runQueueEnd = ThreadCounters.runQueueWaitNow();
                if (cpuClockEnd >= 0 && runQueueEnd >= 0) {
                    runQueue = Math.max(0, runQueueEnd - record.runQueueStart);
                    splitCpu = cpuClockEnd - record.cpuClockStart;
                }
            }
            if (record.throttleRead && CpuThrottling.readInto(thread.throttleEnd)) {
                throttledPeriods = thread.throttleEnd[CpuThrottling.THROTTLED_PERIODS]
                        - record.throttleStart[CpuThrottling.THROTTLED_PERIODS];
                throttledNanos = thread.throttleEnd[CpuThrottling.THROTTLED_NANOS]
                        - record.throttleStart[CpuThrottling.THROTTLED_NANOS];
                quotaPeriods = thread.throttleEnd[CpuThrottling.PERIODS] - record.throttleStart[CpuThrottling.PERIODS];
            }
            if (record.countersRead == ThreadCounters.READ_PROCFS) {
                read = ThreadCounters.procfsInto(now);
                if (++procfsCalls == PROCFS_CALLS_BEFORE_JNR && servicesWanted != null) {
                    servicesWanted.run();
                }
            } else {
                read = ThreadCounters.quickInto(now);
            }
            if (splitCpu >= 0) {
                // the tracer's own work on nested calls, as getrusage counted it, is not the call's
                splitCpu = Math.max(0, splitCpu - (thread.ownCounters[ThreadCounters.USER_CPU_NANOS]
                        - record.ownCountersAtStart[ThreadCounters.USER_CPU_NANOS]
                        + thread.ownCounters[ThreadCounters.SYSTEM_CPU_NANOS]
                        - record.ownCountersAtStart[ThreadCounters.SYSTEM_CPU_NANOS]));
            }
            countersRead = read != ThreadCounters.READ_NOTHING && record.countersRead != ThreadCounters.READ_NOTHING;
            if (countersRead) {
                minor = ownDelta(thread, record, ThreadCounters.MINOR_FAULTS);
                major = ownDelta(thread, record, ThreadCounters.MAJOR_FAULTS);
                user = ownDelta(thread, record, ThreadCounters.USER_CPU_NANOS);
                system = ownDelta(thread, record, ThreadCounters.SYSTEM_CPU_NANOS);
                voluntary = ownDelta(thread, record, ThreadCounters.VOLUNTARY_SWITCHES);
                involuntary = ownDelta(thread, record, ThreadCounters.INVOLUNTARY_SWITCHES);
            }
            method.recordFaults(minor, major);
            method.recordCpu(user + system);
            if (runQueue >= 0) {
                method.recordSplit(splitCpu, runQueue, blocked(nanos, splitCpu, runQueue), throttledPeriods > 0);
            }
            if (record.rssMeasured) {
                rss = ProcessMemory.currentRss();
                rssDelta = rss - record.rss;
                method.rssDelta.add(rssDelta);
                method.rssMeasured.increment();
            }
        }
        method.recordDuration(nanos);
        if (thrown != null) {
            method.errors.increment();
        }
        DumpMode mode = method.dump(dump);
        String text = null;
        if ((mode == DumpMode.EXIT || (mode == DumpMode.ERROR && thrown != null))
                && method.tryDump(maxPerSecond, System.nanoTime())) {
            StringBuilder what = new StringBuilder();
            what.append(thrown == null ? "exit" : "error " + thrown.getClass().getName());
            what.append(", ").append(millis(nanos));
            String deltas = !measured ? null : !countersRead ? "counters not measured"
                    : "minflt +" + minor + ", majflt +" + major
                    + (record.rssMeasured ? ", rss " + signedMib(rssDelta) + " (" + mib(rss) + ")" : "")
                    + ", cpu " + millis(user + system) + " (user " + millis(user) + ", sys " + millis(system)
                    + "), vcsw " + voluntary + ", ivcsw " + involuntary
                    + (sched ? "; " + split(nanos, splitCpu, runQueue) : "")
                    + (throttledPeriods >= 0 ? "; cpu quota throttled the cgroup " + throttledPeriods + " of "
                    + quotaPeriods + " periods, " + millis(throttledNanos) : "");
            text = dump(method, what.toString(), deltas);
        }
        if (measured && (minor > 0 || major > 0) && method.isNewWorst(minor, major, System.nanoTime())) {
            method.worstCall(text != null ? text : dump(method, "worst call so far, "
                    + (thrown == null ? "exit" : "error " + thrown.getClass().getName()) + ", " + millis(nanos),
                    "minflt +" + minor + ", majflt +" + major, false));
        }
        if (event != null) {
            if (event.shouldCommit()) {
                event.method = method.displayName;
                event.label = method.options.label;
                event.outcome = thrown == null ? "returned" : "threw " + thrown.getClass().getName();
                event.wallTime = nanos;
                if (throttledPeriods >= 0) {
                    event.throttledPeriods = throttledPeriods;
                    event.throttledTime = throttledNanos;
                }
                if (runQueue >= 0) {
                    event.threadCpuTime = splitCpu;
                    event.runQueueWait = runQueue;
                    event.blockedTime = blocked(nanos, splitCpu, runQueue);
                }
                if (measured) {
                    event.minorFaults = minor;
                    event.majorFaults = major;
                    event.rssDelta = rssDelta;
                    event.rss = rss;
                    event.userCpuTime = user;
                    event.systemCpuTime = system;
                    event.voluntarySwitches = voluntary;
                    event.involuntarySwitches = involuntary;
                }
                if (text != null) {
                    event.nativeStack = text;
                }
                event.commit();
            }
        }
        return read;
    }

    /**
     * Where the call's wall time went, for its dump's header ({@code sched=true}): {@code wall
     * 12.000 ms = cpu 3.100 + runq 0.800 + blocked 8.100 ms}; where the thread's schedstat or
     * CPU clock cannot be read, says so (never a zero that looks like a measurement).
     */
    static String split(long wall, long cpu, long runQueue) {
        if (runQueue < 0) {
            return "wall split not measured (no schedstat or CPU clock for this thread: a virtual thread,"
                    + " or a kernel without CONFIG_SCHED_INFO)";
        }
        return "wall " + millis(wall) + " = cpu " + decimals(cpu) + " + runq " + decimals(runQueue) + " + blocked "
                + millis(blocked(wall, cpu, runQueue));
    }

    /**
     * The part of the wall time off the CPU and not runnable: what is left of it after the CPU
     * time and the run-queue wait, never below zero (CPU time ticks in microseconds, and the
     * run-queue wait is read a moment outside the call's clock).
     */
    static long blocked(long wall, long cpu, long runQueue) {
        return Math.max(0, wall - cpu - runQueue);
    }

    /**
     * One counter's change over the call (exit counters less entry counters), less the
     * tracer's own work on nested calls meanwhile; never below zero (the counters tick in
     * whole units, the own work's reads may round the other way).
     */
    private static long ownDelta(ThreadState thread, CallRecord record, int slot) {
        long delta = thread.exitCounters[slot] - record.counters[slot]
                - (thread.ownCounters[slot] - record.ownCountersAtStart[slot]);
        return Math.max(0, delta);
    }

    private String dump(MethodState method, String what, String deltas) {
        return dump(method, what, deltas, true);
    }

    /** A formatted backtrace of the current call, written to the sink when {@code print}. */
    private String dump(MethodState method, String what, String deltas, boolean print) {
        MethodOptions own = method.options;
        int frames = own.depth != null ? own.depth : depth;
        Boolean wanted = own.nativeFrames != null ? own.nativeFrames : nativeOption;
        // libunwind (JNR) is looked for only when native frames may be shown; without frame
        // pointers the dump says so at its bottom, and no libunwind is needed for that
        boolean withNative = !Boolean.FALSE.equals(wanted)
                && (Boolean.FALSE.equals(NativeSupport.preserveFramePointer()) || nativeAvailable());
        Backtrace backtrace = withNative ? Backtrace.capture(frames, OWN_PREFIXES)
                : Backtrace.captureJavaOnly(frames, OWN_PREFIXES);
        StringBuilder header = new StringBuilder("  [thread ").append(Thread.currentThread().getName())
                .append(", ").append(what);
        if (own.label != null) {
            header.append(", label ").append(own.label);
        }
        if (deltas != null) {
            header.append(", ").append(deltas);
        }
        header.append(']');
        String text = backtrace.format(header.toString());
        if (print) {
            sink.write(text, method.loader());
        }
        return text;
    }

    /** Whether libunwind loaded; looked for once (loading JNR takes a while: not on the agent's start path). */
    public boolean nativeAvailable() {
        int state = nativeState;
        return (state != 0 ? state : lookForLibunwind()) == 1;
    }

    private synchronized int lookForLibunwind() {
        if (nativeState == 0) {
            boolean available = NativeSupport.libunwindAvailable();
            if (Boolean.TRUE.equals(nativeOption) && !available) {
                System.err.println("faultline: warning: native=true, but " + NativeSupport.libunwindProblem()
                        + ": dumps show Java frames only");
            } else if (nativeOption == null && !available) {
                System.err.println("faultline: warning: " + NativeSupport.libunwindProblem()
                        + ": dumps show Java frames only (native=false silences this)");
            }
            nativeState = available ? 1 : 2;
        }
        return nativeState;
    }

    private void fail(Throwable t) {
        if (t instanceof StackOverflowError) {
            return; // a deep recursion left no room for tracing this call; the next calls are traced again
        }
        if (failed.compareAndSet(false, true)) {
            System.err.println("faultline: error: tracing failed and is now off, the application goes on: " + t);
        }
    }

    public DumpMode dumpMode() {
        return dump;
    }

    public void dumpMode(DumpMode mode) {
        dump = mode;
    }

    public int every() {
        return every;
    }

    public void every(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("every must be >= 1: " + n);
        }
        every = n;
    }

    public int maxPerSecond() {
        return maxPerSecond;
    }

    public void maxPerSecond(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("max-per-second must be >= 0: " + n);
        }
        maxPerSecond = n;
    }

    public MethodRegistry registry() {
        return registry;
    }

    // formatted by hand: String.format's first use loads the Formatter and locale data (~20 ms of a first dump)

    /** {@code bytes} in MiB with one decimal, as {@code %.1f MiB}. */
    static String mib(long bytes) {
        return Decimals.oneDecimal(bytes / 1048576.0, false) + " MiB";
    }

    /** {@code bytes} in MiB with one decimal and a sign, as {@code %+.1f MiB}. */
    static String signedMib(long bytes) {
        return Decimals.oneDecimal(bytes / 1048576.0, true) + " MiB";
    }

    /** {@code nanos} in milliseconds with three decimals, as {@code %.3f ms}. */
    static String millis(long nanos) {
        return decimals(nanos) + " ms";
    }

    /** {@code nanos} in milliseconds with three decimals, without the unit. */
    static String decimals(long nanos) {
        long micros = (Math.abs(nanos) + 500) / 1000; // exact, half up
        String fraction = Long.toString(micros % 1000);
        return (nanos < 0 && micros != 0 ? "-" : "") + micros / 1000 + "." + "000".substring(fraction.length())
                + fraction;
    }

}
