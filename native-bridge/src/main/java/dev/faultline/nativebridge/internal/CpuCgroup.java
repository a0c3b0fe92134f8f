package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One cgroup's CPU bandwidth files: the quota ({@code cpu.max} in v2,
 * {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us} in v1) and the throttling
 * counters in {@code cpu.stat} and {@code cpu.stat.local}, with parsers of their text.
 *
 * <p>The counters in {@code cpu.stat} ({@code nr_periods}, {@code nr_throttled}, v1
 * {@code throttled_time} in ns, v2 {@code throttled_usec}) are not hierarchical: they count
 * only the throttling that this cgroup's own quota caused. A cgroup without a quota below
 * a parent that has one stays at zero while the parent's quota stops it; measured on Linux
 * 6.18 (v1), and so the kernel's cgroup-v2 documentation says. {@link #limiting()} is
 * therefore the cgroup whose counters to watch. {@code cpu.stat.local} (Linux 6.6 and
 * later, kernel commit 677ea015f231, "sched: add throttled time stat for throttled
 * children") holds one figure, the time this cgroup's own run queues were throttled by its
 * own or any ancestor's quota.
 */
public final class CpuCgroup {
    /** Slots of {@link #parseStat}'s output; times in nanoseconds. */
    public static final int PERIODS = 0;
    public static final int THROTTLED_PERIODS = 1;
    public static final int THROTTLED_NANOS = 2;
    /** v2 only ({@code usage_usec}: CPU time of the cgroup and its descendants); {@code -1} in v1. */
    public static final int USAGE_NANOS = 3;
    public static final int STAT_SLOTS = 4;

    /** A quota value: none is set ({@code max} in v2, {@code -1} in v1). */
    public static final long NO_QUOTA = -1;
    /** A quota or period value: the file could not be read or parsed. */
    public static final long UNKNOWN = -2;

    private static final ProcParsers.Keys V1_STAT = ProcParsers.Keys.flat("nr_periods", "nr_throttled",
            "throttled_time");
    private static final ProcParsers.Keys V2_STAT = ProcParsers.Keys.flat("nr_periods", "nr_throttled",
            "throttled_usec", "usage_usec");
    private static final ProcParsers.Keys V1_LOCAL = ProcParsers.Keys.flat("throttled_time");
    private static final ProcParsers.Keys V2_LOCAL = ProcParsers.Keys.flat("throttled_usec");
    private static final byte[] MAX = {'m', 'a', 'x'};
    private static final byte[] MINUS_ONE = {'-', '1'};
    /** What {@link #readOrNull} returns for a file that does not exist. */
    private static final byte[] MISSING = new byte[0];

    private final Cgroup cgroup;

    public CpuCgroup(Cgroup cgroup) {
        this.cgroup = cgroup;
    }

    /** This process's cpu cgroup, or {@code null} when none can be found. */
    public static CpuCgroup ofThisProcess() {
        Cgroup found = Cgroup.ofThisProcess("cpu");
        return found == null ? null : new CpuCgroup(found);
    }

    public Cgroup cgroup() {
        return cgroup;
    }

    public Path statFile() {
        return cgroup.file("cpu.stat");
    }

    public Path localStatFile() {
        return cgroup.file("cpu.stat.local");
    }

    /**
     * The cgroup whose quota and counters tell whether this one is throttled: this one
     * when it has a quota, else its nearest ancestor (in the visible hierarchy) that has
     * one, else this one (nothing visible limits it). A closer quota is not always the
     * tighter one; when several cgroups on the way up have quotas, only the nearest is
     * watched, and {@code cpu.stat.local} covers them all.
     */
    public CpuCgroup limiting() {
        for (Cgroup each = cgroup; each != null; each = each.parent()) {
            if (quotaAndPeriod(each)[0] >= 0) {
                return each.equals(cgroup) ? this : new CpuCgroup(each);
            }
        }
        return this;
    }

    /** {@code {quota, period}} in µs: {@link #NO_QUOTA}, {@link #UNKNOWN} or a number each. */
    public long[] quotaAndPeriod() {
        return quotaAndPeriod(cgroup);
    }

    private static long[] quotaAndPeriod(Cgroup cgroup) {
        long[] out = {UNKNOWN, UNKNOWN};
        if (cgroup.version() == 2) {
            byte[] max = readOrNull(cgroup.file("cpu.max"));
            if (max == MISSING) {
                out[0] = NO_QUOTA; // no cpu controller here (or the root): nothing to limit it
            } else if (max != null) {
                parseMax(max, max.length, out);
            }
        } else {
            byte[] quota = readOrNull(cgroup.file("cpu.cfs_quota_us"));
            byte[] period = readOrNull(cgroup.file("cpu.cfs_period_us"));
            out[0] = quota == MISSING ? NO_QUOTA : quota == null ? UNKNOWN : parseV1Quota(quota, quota.length);
            out[1] = period == null || period == MISSING ? UNKNOWN : parsePeriod(period, period.length);
        }
        return out;
    }

    /** The file's bytes, {@link #MISSING} when it does not exist, {@code null} when it cannot be read. */
    private static byte[] readOrNull(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses {@code cpu.stat} of a v1 or v2 cgroup into {@code out} (at least
     * {@link #STAT_SLOTS} long) at the slots above, times in nanoseconds, {@code -1} for a
     * missing value. Allocates nothing.
     *
     * @return whether all three throttling counters were there (a v2 cgroup without the
     *     cpu controller enabled has only the usage lines)
     */
    public static boolean parseStat(int version, byte[] text, int length, long[] out) {
        if (version == 2) {
            ProcParsers.keyedValues(text, length, V2_STAT, out);
            out[THROTTLED_NANOS] = microsToNanos(out[THROTTLED_NANOS]);
            out[USAGE_NANOS] = microsToNanos(out[USAGE_NANOS]);
        } else {
            ProcParsers.keyedValues(text, length, V1_STAT, out);
            out[USAGE_NANOS] = -1;
        }
        return out[PERIODS] >= 0 && out[THROTTLED_PERIODS] >= 0 && out[THROTTLED_NANOS] >= 0;
    }

    /** The throttled time of {@code cpu.stat.local} in nanoseconds, {@code -1} when it has none. */
    public static long parseLocalThrottledNanos(int version, byte[] text, int length) {
        long[] out = new long[1];
        ProcParsers.keyedValues(text, length, version == 2 ? V2_LOCAL : V1_LOCAL, out);
        return version == 2 ? microsToNanos(out[0]) : out[0];
    }

    /**
     * Parses v2 {@code cpu.max} ({@code "max 100000"}, {@code "50000 100000"}) into
     * {@code out[0]} (quota in µs or {@link #NO_QUOTA}) and {@code out[1]} (period in µs);
     * {@link #UNKNOWN} for what is not one of those.
     */
    public static void parseMax(byte[] text, int length, long[] out) {
        int end = trimmedEnd(text, length);
        int space = indexOf(text, end, (byte) ' ');
        if (space < 0) {
            out[0] = UNKNOWN;
            out[1] = UNKNOWN;
            return;
        }
        long quota = ProcParsers.field(text, 0, space, 0);
        if (quota < 0) {
            quota = space == MAX.length && ProcParsers.startsWith(text, 0, space, MAX) ? NO_QUOTA : UNKNOWN;
        }
        long period = wholeNumber(text, space + 1, end);
        out[0] = quota;
        out[1] = period;
    }

    /** Parses v1 {@code cpu.cfs_quota_us}: µs, {@link #NO_QUOTA} for {@code -1}, else {@link #UNKNOWN}. */
    public static long parseV1Quota(byte[] text, int length) {
        int end = trimmedEnd(text, length);
        if (end == MINUS_ONE.length && ProcParsers.startsWith(text, 0, end, MINUS_ONE)) {
            return NO_QUOTA;
        }
        return wholeNumber(text, 0, end);
    }

    /** Parses v1 {@code cpu.cfs_period_us}: µs, else {@link #UNKNOWN}. */
    public static long parsePeriod(byte[] text, int length) {
        return wholeNumber(text, 0, trimmedEnd(text, length));
    }

    /** The unsigned number that is all of {@code text[from, end)}, else {@link #UNKNOWN}. */
    private static long wholeNumber(byte[] text, int from, int end) {
        if (from >= end) {
            return UNKNOWN;
        }
        for (int i = from; i < end; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return UNKNOWN;
            }
        }
        return ProcParsers.number(text, from, end);
    }

    private static int trimmedEnd(byte[] text, int length) {
        int end = length;
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == ' ')) {
            end--;
        }
        return end;
    }

    private static int indexOf(byte[] text, int end, byte b) {
        for (int i = 0; i < end; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static long microsToNanos(long micros) {
        if (micros < 0) {
            return -1;
        }
        return micros > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : micros * 1000;
    }

    @Override
    public String toString() {
        return cgroup.toString();
    }
}
