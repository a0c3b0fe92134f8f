package dev.faultline.benchmarks;

import dev.faultline.nativebridge.ThreadCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What tracing adds to one call of a small method, against the same call without the
 * agent: a call that {@code every} skips, a followed call without and with the memory
 * counters (no dump, no JFR); and, without the agent, what a followed call with counters
 * cannot do without: two clock reads and two {@code getrusage(RUSAGE_THREAD)} calls
 * through the same reader (the kernel's and the clock's floor under the followed call).
 * Run from the repository root after {@code mvn package}: the forks load
 * {@code agent/target/faultline-agent.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProbeBenchmark {
    private static final String AGENT = "-javaagent:agent/target/faultline-agent.jar=sink=stderr,dump=none,jfr=false,"
            + "trace=dev.faultline.benchmarks.ProbeBenchmark#work";

    private int x;
    private final long[] counters = new long[ThreadCounters.SLOTS];

    @Benchmark
    @Fork(1)
    public int untraced() {
        return work(x++);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT + ",every=1000000000,memory=false")
    public int tracedSkippedByEvery() {
        return work(x++);
    }

    /**
     * As {@link #tracedSkippedByEvery}, with a pattern that also names a JDK method: the
     * re-entry guard (a thread-local look-up) then comes before the call count.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT + ",every=1000000000,memory=false,trace=java.util.Objects#requireNonNull")
    public int tracedSkippedByEveryWithAJdkPattern() {
        return work(x++);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT + ",memory=false")
    public int tracedFollowedWithoutCounters() {
        return work(x++);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT + ",memory=true")
    public int tracedFollowedWithCounters() {
        return work(x++);
    }

    /** As {@link #tracedFollowedWithCounters}, with the wall-time split ({@code sched=true}). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT + ",memory=true,sched=true")
    public int tracedFollowedWithCountersAndSplit() {
        return work(x++);
    }

    /**
     * No agent: what the split adds to the followed call's floor, by hand: two schedstat reads
     * and two reads of the thread's CPU clock around the call, besides the clock and counters.
     */
    @Benchmark
    @Fork(1)
    public long floorOfFollowedWithSplit() {
        long start = System.nanoTime();
        ThreadCounters.quickInto(counters);
        long runQueue = ThreadCounters.runQueueWaitNow();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long minor = counters[ThreadCounters.MINOR_FAULTS];
        int result = work(x++);
        long end = System.nanoTime();
        cpu = THREADS.getCurrentThreadCpuTime() - cpu;
        runQueue = ThreadCounters.runQueueWaitNow() - runQueue;
        ThreadCounters.quickInto(counters);
        return result + (end - start) + (counters[ThreadCounters.MINOR_FAULTS] - minor) + cpu + runQueue;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** No agent: the call between two clock reads and two counter reads, as the tracer brackets it. */
    @Benchmark
    @Fork(1)
    public long floorOfFollowedWithCounters() {
        long start = System.nanoTime();
        ThreadCounters.quickInto(counters);
        long minor = counters[ThreadCounters.MINOR_FAULTS];
        int result = work(x++);
        long end = System.nanoTime();
        ThreadCounters.quickInto(counters);
        return result + (end - start) + (counters[ThreadCounters.MINOR_FAULTS] - minor);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int work(int value) {
        return value * 31 + 7;
    }
}
