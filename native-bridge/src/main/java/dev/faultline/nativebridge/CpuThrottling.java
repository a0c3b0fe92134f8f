package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.Cgroup;
import dev.faultline.nativebridge.internal.CpuCgroup;
import dev.faultline.nativebridge.internal.ProcFile;
import dev.faultline.nativebridge.internal.ReadBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Whether the CPU quota of this process's cgroup (a container's CPU limit) stopped it:
 * the quota and the kernel's throttling counters.
 *
 * <p>Public API. {@link #now()} is an immutable snapshot for people and periodic sampling
 * (the quota, its period, the counters): about 0.1 ms, most of it finding the cgroup
 * again. {@link #readInto(long[])} reads the three counters into a caller's array with one
 * {@code pread} of {@code cpu.stat} on a descriptor kept open, and allocates nothing:
 * 1.2 µs (median of 41 batches of 10,000 reads, Linux 6.18, cgroup v1, x86_64, JDK 17),
 * against 1.0 µs for the same read of {@code /proc/self/statm}. Take it before and after
 * a call: a rise in {@link #THROTTLED_PERIODS} means the quota ran out while the call ran.
 *
 * <p>The files: cgroup v2 {@code cpu.stat} ({@code nr_periods}, {@code nr_throttled},
 * {@code throttled_usec}, {@code usage_usec}) and {@code cpu.max}; cgroup v1, the
 * {@code cpu} controller's {@code cpu.stat} ({@code nr_periods}, {@code nr_throttled},
 * {@code throttled_time} in ns), {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}.
 * The cgroup is found from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}.
 *
 * <p>What the counters mean:
 * <ul>
 * <li>They belong to a cgroup, not to a thread: a throttled period stopped every thread
 *     of the cgroup that wanted to run then, perhaps not the one being measured.
 * <li>{@code cpu.stat} counts only the throttling that the cgroup's own quota caused. A
 *     cgroup with no quota under a parent with one reads zero while the parent's quota
 *     stops it (the kernel's cgroup-v2 documentation says so, and a test checks it on v1).
 *     So the counters and the quota are those of the nearest cgroup, from the process's
 *     own up, that has a quota: {@link #quotaCgroupPath()}. {@link #localThrottledNanos()}
 *     ({@code cpu.stat.local}, Linux 6.6 and later) is the time the process's own cgroup
 *     was throttled by any quota on its way up.
 * <li>The throttled time is summed over CPUs (per CPU run queue), so over a second it can
 *     exceed a second on a machine with several CPUs.
 * <li>{@code nr_throttled} moves at the end of a period, {@code throttled_time} when the
 *     cgroup may run again: a thread that was stopped sees both counted once it runs.
 * </ul>
 *
 * <p>{@link #readInto} keeps reading the cgroup that its first call found. {@link #now()}
 * looks again (the process moved, a quota was set higher up) and points {@code readInto}
 * at what it finds. No cgroup cpu controller, a v2 cgroup without it enabled, a file
 * missing or unreadable, a cgroup removed while it is read: {@code readInto} returns
 * {@code false} and the snapshot is not {@link #available()}, with the reason in
 * {@link #problem()}; never a zero that looks like a measurement. Nothing here throws.
 */
public final class CpuThrottling {
    /** Slots of {@link #readInto}'s array. */
    public static final int PERIODS = 0;
    public static final int THROTTLED_PERIODS = 1;
    public static final int THROTTLED_NANOS = 2;
    /** The length {@link #readInto}'s array needs. */
    public static final int SLOTS = 3;

    /** {@link #quotaMicros()}: no quota is set. */
    public static final long NO_QUOTA = CpuCgroup.NO_QUOTA;
    /** {@link #quotaMicros()} or {@link #periodMicros()}: the file could not be read or parsed. */
    public static final long UNKNOWN = CpuCgroup.UNKNOWN;

    private static final Object LOCK = new Object();
    /** What {@link #readInto} reads; {@code null} until it or {@link #now()} first looks. */
    private static volatile Binding binding;

    private final String problem;
    private final int version;
    private final String cgroupPath;
    private final String quotaCgroupPath;
    private final long quotaMicros;
    private final long periodMicros;
    private final long periods;
    private final long throttledPeriods;
    private final long throttledNanos;
    private final long usageNanos;
    private final long localThrottledNanos;

    private CpuThrottling(String problem, int version, String cgroupPath, String quotaCgroupPath, long quotaMicros,
            long periodMicros, long[] stat, long localThrottledNanos) {
        this.problem = problem;
        this.version = version;
        this.cgroupPath = cgroupPath;
        this.quotaCgroupPath = quotaCgroupPath;
        this.quotaMicros = quotaMicros;
        this.periodMicros = periodMicros;
        this.periods = stat[CpuCgroup.PERIODS];
        this.throttledPeriods = stat[CpuCgroup.THROTTLED_PERIODS];
        this.throttledNanos = stat[CpuCgroup.THROTTLED_NANOS];
        this.usageNanos = stat[CpuCgroup.USAGE_NANOS];
        this.localThrottledNanos = localThrottledNanos;
    }

    private static CpuThrottling unavailable(String problem, Binding where) {
        long[] none = {-1, -1, -1, -1};
        return new CpuThrottling(problem, where == null || where.own == null ? 0 : where.version(),
                where == null || where.own == null ? null : where.own.cgroup().path(),
                where == null || where.limiting == null ? null : where.limiting.cgroup().path(),
                UNKNOWN, UNKNOWN, none, -1);
    }

    /**
     * Reads {@link #PERIODS}, {@link #THROTTLED_PERIODS} and {@link #THROTTLED_NANOS} of the
     * cgroup whose quota applies into {@code into} (at least {@link #SLOTS} long). Returns
     * {@code false}, with the array untouched, when they cannot be read. Allocates nothing
     * after its first call, which finds the cgroup. Never throws.
     */
    public static boolean readInto(long[] into) {
        Binding bound = binding;
        if (bound == null) {
            bound = bind(false);
        }
        if (bound.stat == null) {
            return false;
        }
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(bound.stat);
            long[] values = buffer.values(CpuCgroup.STAT_SLOTS);
            if (!CpuCgroup.parseStat(bound.version(), buffer.bytes(), length, values)) {
                return false;
            }
            into[PERIODS] = values[CpuCgroup.PERIODS];
            into[THROTTLED_PERIODS] = values[CpuCgroup.THROTTLED_PERIODS];
            into[THROTTLED_NANOS] = values[CpuCgroup.THROTTLED_NANOS];
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Finds the cgroups again, reads the quota and the counters now; never throws. */
    public static CpuThrottling now() {
        Binding bound = null;
        try {
            bound = bind(false);
            ReadBuffer buffer = ReadBuffer.get();
            int length;
            try {
                length = read(bound, buffer);
            } catch (IOException e) {
                // a cgroup removed and made again under the same name: the kept descriptor reads the old one
                bound = bind(true);
                try {
                    length = read(bound, buffer);
                } catch (IOException again) {
                    return unavailable(bound.stat == null ? bound.problem
                            : "cannot read " + bound.stat.path() + ": " + again.getMessage(), bound);
                }
            }
            long[] stat = new long[CpuCgroup.STAT_SLOTS];
            if (!CpuCgroup.parseStat(bound.version(), buffer.bytes(), length, stat)) {
                return unavailable(bound.stat.path() + " has no nr_periods, nr_throttled and throttled time"
                        + (bound.version() == 2 ? ": the cpu controller is not enabled for this cgroup" : ""), bound);
            }
            long[] quota = bound.limiting.quotaAndPeriod();
            return new CpuThrottling(null, bound.version(), bound.own.cgroup().path(),
                    bound.limiting.cgroup().path(), quota[0], quota[1], stat, localThrottledNanos(bound.own));
        } catch (RuntimeException e) {
            return unavailable("cannot read the cpu cgroup: " + e, bound);
        }
    }

    private static int read(Binding bound, ReadBuffer buffer) throws IOException {
        if (bound.stat == null) {
            throw new IOException(bound.problem);
        }
        return buffer.fill(bound.stat);
    }

    private static long localThrottledNanos(CpuCgroup own) {
        try {
            byte[] text = Files.readAllBytes(own.localStatFile());
            return CpuCgroup.parseLocalThrottledNanos(own.cgroup().version(), text, text.length);
        } catch (IOException | RuntimeException e) {
            return -1; // before Linux 6.6, or the root cgroup
        }
    }

    /**
     * Looks for the process's cpu cgroup and the one whose quota applies, and points
     * {@link #readInto} at it. A descriptor no longer used is left open, not closed: a
     * thread may be in the middle of reading it, and a closed number can be given to the
     * next file opened, which it would then read. The process moving, or a quota set on
     * another cgroup, is rare; each costs one descriptor. {@code fresh}: open the file again
     * even where it is the one already open.
     */
    private static Binding bind(boolean fresh) {
        synchronized (LOCK) {
            Binding found = locate(fresh ? null : binding);
            binding = found;
            return found;
        }
    }

    private static Binding locate(Binding old) {
        Cgroup cgroup = Cgroup.ofThisProcess("cpu");
        if (cgroup == null) {
            return new Binding(null, null, null, "no cgroup with the cpu controller is listed in /proc/self/cgroup"
                    + " and mounted here");
        }
        CpuCgroup own = new CpuCgroup(cgroup);
        CpuCgroup limiting = own.limiting();
        String where = limiting.statFile().toString();
        boolean same = old != null && old.stat != null && old.stat.path().toString().equals(where);
        return new Binding(own, limiting, same ? old.stat : ProcFile.open(where), null);
    }

    /** The cgroups found and the open {@code cpu.stat} of the one whose quota applies. */
    private static final class Binding {
        final CpuCgroup own;
        final CpuCgroup limiting;
        final ProcFile stat;
        final String problem;

        Binding(CpuCgroup own, CpuCgroup limiting, ProcFile stat, String problem) {
            this.own = own;
            this.limiting = limiting;
            this.stat = stat;
            this.problem = problem;
        }

        int version() {
            return own.cgroup().version();
        }
    }

    /** Whether the counters were read; when {@code false} they are {@code -1} and {@link #problem()} says why. */
    public boolean available() {
        return problem == null;
    }

    /** Why the counters could not be read, or {@code null} when they were. */
    public String problem() {
        return problem;
    }

    /** 1 or 2 for the cgroup version of the cpu controller; 0 when no cpu cgroup was found. */
    public int cgroupVersion() {
        return version;
    }

    /** The process's cpu cgroup as {@code /proc/self/cgroup} names it; {@code null} when none was found. */
    public String cgroupPath() {
        return cgroupPath;
    }

    /**
     * The cgroup whose quota and counters these are: the process's own, or its nearest
     * ancestor that has a quota; the process's own when none has one.
     */
    public String quotaCgroupPath() {
        return quotaCgroupPath;
    }

    /**
     * The CPU time the cgroup may use in each period, in µs; {@link #NO_QUOTA} when
     * there is no limit, {@link #UNKNOWN} when it could not be read.
     */
    public long quotaMicros() {
        return quotaMicros;
    }

    /** The length of a period, in µs (100,000 by default); {@link #UNKNOWN} when it could not be read. */
    public long periodMicros() {
        return periodMicros;
    }

    /** Whether a quota is set: the cgroup can be throttled. */
    public boolean hasQuota() {
        return quotaMicros > 0;
    }

    /** The quota in CPUs ({@code quota / period}, 0.2 for 20 ms every 100 ms); NaN without a known quota. */
    public double quotaCpus() {
        return quotaMicros > 0 && periodMicros > 0 ? (double) quotaMicros / periodMicros : Double.NaN;
    }

    /** Periods in which the cgroup had threads that wanted to run ({@code nr_periods}); {@code -1} when unavailable. */
    public long periods() {
        return periods;
    }

    /** Periods at whose end the quota had run out ({@code nr_throttled}); {@code -1} when unavailable. */
    public long throttledPeriods() {
        return throttledPeriods;
    }

    /** Time the cgroup's run queues were throttled, summed over CPUs, in ns; {@code -1} when unavailable. */
    public long throttledNanos() {
        return throttledNanos;
    }

    /** CPU time used by the cgroup and its descendants (v2 {@code usage_usec}), in ns; {@code -1} in v1. */
    public long usageNanos() {
        return usageNanos;
    }

    /**
     * Time the process's own cgroup was throttled by its own or any ancestor's quota
     * ({@code cpu.stat.local}), in ns; {@code -1} where the kernel (before 6.6) has no such file.
     */
    public long localThrottledNanos() {
        return localThrottledNanos;
    }

    @Override
    public String toString() {
        if (problem != null) {
            return "CpuThrottling[unavailable: " + problem + "]";
        }
        String quota = quotaMicros == NO_QUOTA ? "none"
                : quotaMicros == UNKNOWN ? "unknown"
                : quotaMicros + " µs per " + periodMicros + " µs ("
                        + String.format(Locale.ROOT, "%.2f", quotaCpus()) + " CPU)";
        return "CpuThrottling[v" + version + " " + quotaCgroupPath
                + ", quota " + quota
                + ", periods " + periods
                + ", throttled " + throttledPeriods + " (" + throttledNanos / 1_000_000 + " ms)"
                + (localThrottledNanos < 0 ? "" : ", own cgroup throttled " + localThrottledNanos / 1_000_000 + " ms")
                + (usageNanos < 0 ? "" : ", usage " + usageNanos / 1_000_000 + " ms")
                + "]";
    }
}
