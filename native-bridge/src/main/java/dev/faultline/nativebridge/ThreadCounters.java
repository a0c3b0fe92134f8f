package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.LibC;
import dev.faultline.nativebridge.internal.Natives;
import dev.faultline.nativebridge.internal.ProcFile;
import dev.faultline.nativebridge.internal.ProcParsers;
import dev.faultline.nativebridge.internal.ReadBuffer;
import dev.faultline.nativebridge.internal.Rusage;
import dev.faultline.nativebridge.internal.ThreadSchedstat;

import java.io.IOException;

/**
 * The calling thread's own page faults, CPU time, context switches and run-queue wait,
 * to measure what one piece of code costs the thread that runs it.
 *
 * <p>Public API. An immutable snapshot; take one before and one after, and subtract with
 * {@link #minus}. Counters come from {@code getrusage(RUSAGE_THREAD)} (about 0.4 µs) and
 * the run-queue wait from {@code /proc/thread-self/schedstat} (one {@code pread} on a
 * descriptor each thread keeps open, about 1.1 µs); {@link #now()} reads both, about
 * 1.5 µs in all, and allocates only the snapshot. CPU times have microsecond resolution.
 *
 * <p>Where libc cannot be loaded (or on an ABI whose {@code struct rusage} is not known)
 * {@link #available()} is {@code false} and every counter is zero; {@link
 * #runQueueWaitNanos()} is {@code -1} wherever schedstat cannot be read. Nothing here
 * throws. A virtual thread sees its carrier thread's counters and no run-queue wait.
 *
 * <p>{@link #fromProcfs()} reads the same kernel counters from {@code /proc/thread-self}
 * with plain file reads (about 20 µs, no JNR): for the moments when libc is still being
 * loaded in the background, when {@link #quick()} takes that path by itself.
 */
public final class ThreadCounters {
    private static final ThreadCounters UNAVAILABLE = new ThreadCounters(false, 0, 0, 0, 0, 0, 0, -1);

    /** Fields of {@code /proc/PID/stat}, counted from the field after {@code comm} (field 3). */
    private static final int STAT_MINFLT = 10 - 3;
    private static final int STAT_MAJFLT = 12 - 3;
    private static final int STAT_UTIME = 14 - 3;
    private static final int STAT_STIME = 15 - 3;
    private static final ProcParsers.Keys SWITCHES = ProcParsers.Keys.of("voluntary_ctxt_switches",
            "nonvoluntary_ctxt_switches");
    private static final ProcFile STAT = ProcFile.eachRead("/proc/thread-self/stat");
    private static final ProcFile STATUS = ProcFile.eachRead("/proc/thread-self/status");
    private static final ProcFile SCHEDSTAT = ProcFile.eachRead("/proc/thread-self/schedstat");
    /** {@code USER_HZ}: the unit of stat's CPU times, 100 on every Linux ABI. */
    private static final long TICK_NANOS = 10_000_000L;

    private final boolean procfs;
    private final boolean available;
    private final long minorFaults;
    private final long majorFaults;
    private final long userCpuNanos;
    private final long systemCpuNanos;
    private final long voluntarySwitches;
    private final long involuntarySwitches;
    private final long runQueueWaitNanos;

    private ThreadCounters(boolean available, long minorFaults, long majorFaults, long userCpuNanos,
            long systemCpuNanos, long voluntarySwitches, long involuntarySwitches, long runQueueWaitNanos) {
        this(false, available, minorFaults, majorFaults, userCpuNanos, systemCpuNanos, voluntarySwitches,
                involuntarySwitches, runQueueWaitNanos);
    }

    private ThreadCounters(boolean procfs, boolean available, long minorFaults, long majorFaults, long userCpuNanos,
            long systemCpuNanos, long voluntarySwitches, long involuntarySwitches, long runQueueWaitNanos) {
        this.procfs = procfs;
        this.available = available;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.userCpuNanos = userCpuNanos;
        this.systemCpuNanos = systemCpuNanos;
        this.voluntarySwitches = voluntarySwitches;
        this.involuntarySwitches = involuntarySwitches;
        this.runQueueWaitNanos = runQueueWaitNanos;
    }

    /** {@link #quickInto} read nothing: the counters are unavailable here. */
    public static final int READ_NOTHING = 0;
    /** {@link #quickInto} read {@code getrusage}. */
    public static final int READ_GETRUSAGE = 1;
    /** {@link #quickInto} read {@code /proc/thread-self} (JNR not loaded yet). */
    public static final int READ_PROCFS = 2;

    /** Slots of {@link #quickInto}'s array. */
    public static final int MINOR_FAULTS = 0;
    public static final int MAJOR_FAULTS = 1;
    public static final int USER_CPU_NANOS = 2;
    public static final int SYSTEM_CPU_NANOS = 3;
    public static final int VOLUNTARY_SWITCHES = 4;
    public static final int INVOLUNTARY_SWITCHES = 5;
    /** The length {@link #quickInto}'s array needs. */
    public static final int SLOTS = 6;

    /**
     * What {@link #quick()} reads, written into {@code into} (at the slots above) instead of a
     * new snapshot: nothing is allocated on the {@code getrusage} path, which a traced call
     * takes twice. Returns where it read ({@link #READ_GETRUSAGE}, {@link #READ_PROCFS}), or
     * {@link #READ_NOTHING} with the array untouched. Take both ends of a measurement from
     * the same source (see {@link #isFromProcfs()}). Never throws.
     */
    public static int quickInto(long[] into) {
        if (Natives.libcIfReady() == null) {
            return procfsInto(into);
        }
        long usage = Rusage.read(LibC.RUSAGE_THREAD);
        if (usage == 0) {
            return READ_NOTHING;
        }
        into[MINOR_FAULTS] = Rusage.field(usage, Rusage.Layout.RU_MINFLT);
        into[MAJOR_FAULTS] = Rusage.field(usage, Rusage.Layout.RU_MAJFLT);
        into[USER_CPU_NANOS] = Rusage.nanosAt(usage, Rusage.Layout.RU_UTIME);
        into[SYSTEM_CPU_NANOS] = Rusage.nanosAt(usage, Rusage.Layout.RU_STIME);
        into[VOLUNTARY_SWITCHES] = Rusage.field(usage, Rusage.Layout.RU_NVCSW);
        into[INVOLUNTARY_SWITCHES] = Rusage.field(usage, Rusage.Layout.RU_NIVCSW);
        return READ_GETRUSAGE;
    }

    /** {@link #fromProcfs()} into an array, as {@link #quickInto} fills it; {@link #READ_PROCFS} or nothing. */
    public static int procfsInto(long[] into) {
        ThreadCounters read = fromProcfs();
        if (!read.available) {
            return READ_NOTHING;
        }
        into[MINOR_FAULTS] = read.minorFaults;
        into[MAJOR_FAULTS] = read.majorFaults;
        into[USER_CPU_NANOS] = read.userCpuNanos;
        into[SYSTEM_CPU_NANOS] = read.systemCpuNanos;
        into[VOLUNTARY_SWITCHES] = read.voluntarySwitches;
        into[INVOLUNTARY_SWITCHES] = read.involuntarySwitches;
        return READ_PROCFS;
    }

    /**
     * The calling thread's run-queue wait so far (time runnable but waiting for a CPU), in
     * nanoseconds: one {@code pread} of {@code /proc/thread-self/schedstat} on a descriptor the
     * thread keeps open, about 1 µs, nothing allocated; while libc is still loading, a plain
     * file read. {@code -1} where it cannot be read (schedstat missing, a virtual thread).
     * Never throws.
     */
    public static long runQueueWaitNow() {
        if (Natives.libcIfReady() == null) {
            // libc still loading: a plain file read (about 10 µs), as fromProcfs() reads it
            if (ThreadSchedstat.isVirtual()) {
                return -1;
            }
            try {
                ReadBuffer buffer = ReadBuffer.get();
                int length = buffer.fill(SCHEDSTAT);
                return ProcParsers.field(buffer.bytes(), 0, length, 1);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return ThreadSchedstat.read(ThreadSchedstat.RUN_QUEUE_WAIT);
    }

    /** Reads the calling thread's counters now, run-queue wait included; never throws. */
    public static ThreadCounters now() {
        return read(true);
    }

    /**
     * Reads the calling thread's faults, CPU times and context switches now, with one
     * {@code getrusage} call and no file read (under 1 µs, against about 1.5 µs for
     * {@link #now()}); {@link #runQueueWaitNanos()} is {@code -1}. While libc is being
     * loaded in the background it reads {@link #fromProcfs()} instead of waiting. Never throws.
     */
    public static ThreadCounters quick() {
        if (Natives.libcIfReady() == null) {
            return fromProcfs();
        }
        return read(false);
    }

    /**
     * Reads the calling thread's counters from {@code /proc/thread-self} ({@code stat},
     * {@code schedstat}, {@code status}) with plain file reads and no native call: about
     * 20 µs. Faults and context switches are the very counters {@code getrusage} reports;
     * the CPU time is the scheduler's (schedstat, in nanoseconds), split into user and
     * system time in the proportion of stat's clock ticks, as {@code getrusage} does.
     * {@link #runQueueWaitNanos()} is read too. Unavailable where {@code /proc} cannot be
     * read. Never throws.
     */
    public static ThreadCounters fromProcfs() {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(STAT);
            byte[] text = buffer.bytes();
            int fields = ProcParsers.afterComm(text, length);
            if (fields < 0) {
                return UNAVAILABLE;
            }
            long minflt = ProcParsers.field(text, fields, length, STAT_MINFLT);
            long majflt = ProcParsers.field(text, fields, length, STAT_MAJFLT);
            long utime = ProcParsers.field(text, fields, length, STAT_UTIME);
            long stime = ProcParsers.field(text, fields, length, STAT_STIME);
            if (minflt < 0 || majflt < 0 || utime < 0 || stime < 0) {
                return UNAVAILABLE;
            }
            length = buffer.fill(STATUS);
            long[] switches = buffer.values(2);
            ProcParsers.keyedValues(buffer.bytes(), length, SWITCHES, switches);
            long voluntary = Math.max(0, switches[0]);
            long involuntary = Math.max(0, switches[1]);
            long onCpu = -1;
            long runQueue = -1;
            try {
                length = buffer.fill(SCHEDSTAT);
                onCpu = ProcParsers.field(buffer.bytes(), 0, length, 0);
                runQueue = ProcParsers.field(buffer.bytes(), 0, length, 1);
            } catch (IOException e) {
                // a kernel without CONFIG_SCHED_INFO: clock ticks only
            }
            long user;
            long system;
            if (onCpu < 0) {
                user = utime * TICK_NANOS;
                system = stime * TICK_NANOS;
            } else if (utime + stime == 0) {
                user = onCpu;
                system = 0;
            } else {
                system = (long) (onCpu * (stime / (double) (utime + stime)));
                user = onCpu - system;
            }
            return new ThreadCounters(true, true, minflt, majflt, user, system, voluntary, involuntary, runQueue);
        } catch (IOException | RuntimeException e) {
            return UNAVAILABLE;
        }
    }

    /**
     * Whether this snapshot was read by {@link #fromProcfs()}. Deltas between a procfs
     * snapshot and a {@code getrusage} one hold the same faults and switches and about
     * the same CPU total, but their user/system split is not comparable: take both sides
     * of a measurement the same way.
     */
    public boolean isFromProcfs() {
        return procfs;
    }

    private static ThreadCounters read(boolean runQueueWait) {
        long usage = Rusage.read(LibC.RUSAGE_THREAD);
        if (usage == 0) {
            return UNAVAILABLE;
        }
        return new ThreadCounters(true,
                Rusage.field(usage, Rusage.Layout.RU_MINFLT),
                Rusage.field(usage, Rusage.Layout.RU_MAJFLT),
                Rusage.nanosAt(usage, Rusage.Layout.RU_UTIME),
                Rusage.nanosAt(usage, Rusage.Layout.RU_STIME),
                Rusage.field(usage, Rusage.Layout.RU_NVCSW),
                Rusage.field(usage, Rusage.Layout.RU_NIVCSW),
                runQueueWait ? ThreadSchedstat.read(ThreadSchedstat.RUN_QUEUE_WAIT) : -1);
    }

    /**
     * Why {@link #now()} gives unavailable snapshots here, or {@code null} when it does not.
     */
    public static String unavailableReason() {
        return Rusage.problem();
    }

    /**
     * What happened between {@code earlier} and this snapshot, both of the same thread.
     * The run-queue wait is {@code -1} when either side lacks it; the delta is unavailable
     * when either side is.
     */
    public ThreadCounters minus(ThreadCounters earlier) {
        if (!available || !earlier.available) {
            return UNAVAILABLE;
        }
        long wait = runQueueWaitNanos < 0 || earlier.runQueueWaitNanos < 0
                ? -1 : runQueueWaitNanos - earlier.runQueueWaitNanos;
        return new ThreadCounters(true,
                minorFaults - earlier.minorFaults,
                majorFaults - earlier.majorFaults,
                userCpuNanos - earlier.userCpuNanos,
                systemCpuNanos - earlier.systemCpuNanos,
                voluntarySwitches - earlier.voluntarySwitches,
                involuntarySwitches - earlier.involuntarySwitches,
                wait);
    }

    /** Whether the counters were read; when {@code false} they are all zero. */
    public boolean available() {
        return available;
    }

    /** Page faults served without I/O (first touch of a page, a page already in the page cache). */
    public long minorFaults() {
        return minorFaults;
    }

    /** Page faults that had to wait for I/O (a file page or swap read from disk). */
    public long majorFaults() {
        return majorFaults;
    }

    /** CPU time spent in user mode, in nanoseconds (microsecond resolution). */
    public long userCpuNanos() {
        return userCpuNanos;
    }

    /** CPU time spent in the kernel on this thread's behalf, in nanoseconds (microsecond resolution). */
    public long systemCpuNanos() {
        return systemCpuNanos;
    }

    /** User plus system CPU time, in nanoseconds. */
    public long cpuNanos() {
        return userCpuNanos + systemCpuNanos;
    }

    /** Times the thread gave up the CPU to wait (for I/O, a lock, a sleep). */
    public long voluntarySwitches() {
        return voluntarySwitches;
    }

    /** Times the scheduler took the CPU away (time slice over, a more urgent task). */
    public long involuntarySwitches() {
        return involuntarySwitches;
    }

    /**
     * Time spent runnable but waiting for a CPU, in nanoseconds; {@code -1} when
     * {@code /proc/thread-self/schedstat} cannot be read.
     */
    public long runQueueWaitNanos() {
        return runQueueWaitNanos;
    }

    @Override
    public String toString() {
        if (!available) {
            return "ThreadCounters[unavailable]";
        }
        return "ThreadCounters[minflt=" + minorFaults
                + ", majflt=" + majorFaults
                + ", user=" + micros(userCpuNanos) + " µs"
                + ", sys=" + micros(systemCpuNanos) + " µs"
                + ", nvcsw=" + voluntarySwitches
                + ", nivcsw=" + involuntarySwitches
                + ", runq=" + (runQueueWaitNanos < 0 ? "n/a" : micros(runQueueWaitNanos) + " µs")
                + "]";
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
