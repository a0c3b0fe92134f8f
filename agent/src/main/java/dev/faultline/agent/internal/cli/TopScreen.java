package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.memory.ByteAmount;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;

/**
 * What {@code top} prints: a screen for a terminal, redrawn each refresh, or one plain
 * line per refresh for a log. Mapping rows follow the {@code TopMappings} contract of
 * the Mappings MXBean: {@code kind}, {@code address}, {@code sizeBytes},
 * {@code residentBytes}, {@code file} (may be empty), {@code origin}.
 */
final class TopScreen {
    /** Always with seconds ({@code LocalTime.toString()} leaves out ":00"). */
    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    /** Mappings on the screen. */
    static final int SCREEN_MAPPINGS = 10;
    /** Mappings on a plain line. */
    static final int LINE_MAPPINGS = 3;
    private static final int BAR_CELLS = 10;
    /** {@code FileChannel.map at com.acme.Store.open(Store.java:88)}: the class's package and the file name go. */
    private static final Pattern ORIGIN = Pattern.compile(
            "^(.*?) at (?:[\\w$]+\\.)*([\\w$]+)\\.([\\w$<>]+)\\((?:[^():]*?)(?::(\\d+))?\\)$");

    private TopScreen() {
    }

    /** The terminal screen, one string a line. */
    static List<String> screen(long pid, String interval, TopFigures f, CompositeData[] mappings, boolean blocks) {
        List<String> lines = new ArrayList<>();
        lines.add("faultline top   JVM " + pid + "   every " + interval + "   q quits");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "VmSize %-12s RSS %s  (anon %s, file %s, shmem %s)  swap %s",
                ByteAmount.format(f.vmSize), ByteAmount.format(f.rss), ByteAmount.format(f.rssAnon),
                ByteAmount.format(f.rssFile), ByteAmount.format(f.rssShmem), ByteAmount.format(f.swap)));
        lines.add(String.format(Locale.ROOT, "faults  minor %.0f/s   major %.0f/s", f.minorRate, f.majorRate));
        lines.add("commit  Committed_AS " + ByteAmount.format(f.committed) + " of CommitLimit "
                + ByteAmount.format(f.commitLimit) + " (" + ByteAmount.percent(fraction(f.committed, f.commitLimit))
                + "), overcommit " + f.mode + (f.modeValue < 0 ? "" : " (" + f.modeValue + ")")
                + (f.modeValue == 2 ? ": the limit binds" : ": the limit binds only in mode never"));
        if (f.container != null) {
            lines.add(container(f.container));
        } else if (f.cgroupLimit >= 0) {
            lines.add("cgroup  v" + f.cgroupVersion + " usage " + ByteAmount.format(f.cgroupUsage) + " of limit "
                    + ByteAmount.format(f.cgroupLimit) + " (" + ByteAmount.percent(fraction(f.cgroupUsage,
                    f.cgroupLimit)) + "): this limit applies, /proc/meminfo shows the host");
        }
        if (mappings.length > 0) {
            lines.add("");
            lines.add("mappings by resident bytes:");
            for (int i = 0; i < Math.min(SCREEN_MAPPINGS, mappings.length); i++) {
                lines.add("  " + mapping(mappings[i], blocks));
            }
        }
        return lines;
    }

    /**
     * One plain line, e.g. {@code 12:00:01 pid=42 vmsize=5.1GiB rss=412.3MiB ... | 41% of 2.0GiB FileChannel.map at
     * Store.open:88}: the container pairs where the Container MXBean is read, else {@code cgroup=USAGE/LIMIT} from
     * ProcessMemory when a limit applies.
     */
    static String line(long pid, LocalTime time, TopFigures f, CompositeData[] mappings) {
        StringBuilder line = new StringBuilder();
        line.append(time.format(CLOCK)).append(" pid=").append(pid)
                .append(" vmsize=").append(compact(f.vmSize)).append(" rss=").append(compact(f.rss))
                .append(" anon=").append(compact(f.rssAnon)).append(" file=").append(compact(f.rssFile))
                .append(" shmem=").append(compact(f.rssShmem)).append(" swap=").append(compact(f.swap))
                .append(String.format(Locale.ROOT, " minflt/s=%.0f majflt/s=%.0f", f.minorRate, f.majorRate))
                .append(" committed=").append(compact(f.committed)).append(" commitlimit=")
                .append(compact(f.commitLimit)).append(" overcommit=").append(f.mode);
        if (f.container != null) {
            containerPairs(line, f.container);
        } else if (f.cgroupLimit >= 0) {
            line.append(" cgroup=").append(compact(f.cgroupUsage)).append('/').append(compact(f.cgroupLimit));
        }
        for (int i = 0; i < Math.min(LINE_MAPPINGS, mappings.length); i++) {
            MappingRow row = MappingRow.of(mappings[i]);
            line.append(i == 0 ? " | " : "; ").append(row.measured() ? ByteAmount.percent(row.fraction()) : "?%")
                    .append(" of ")
                    .append(compact(row.size)).append(' ').append(row.describe());
        }
        return line.toString();
    }

    /**
     * The screen's container line, e.g. {@code cgroup  v2 /app: usage 100.5 MiB of binding limit 256.0 MiB (39%)
     * set by /pod; headroom 155.5 MiB (61% of the limit) before the cgroup limit; pressure avg10 some 0.12%
     * full 0.00% (cgroup); oom_kill 0}.
     */
    static String container(ContainerFigures c) {
        StringBuilder line = new StringBuilder("cgroup  v").append(c.cgroupVersion).append(' ').append(c.cgroupPath)
                .append(": usage ").append(ByteAmount.format(c.limitUsage()));
        if (c.limited()) {
            line.append(" of binding limit ").append(ByteAmount.format(c.bindingLimit)).append(" (")
                    .append(ByteAmount.percent(fraction(c.limitUsage(), c.bindingLimit))).append(") set by ")
                    .append(c.bindingLimitPath);
        } else {
            line.append(", no memory limit on it or its ancestors");
        }
        line.append("; headroom ").append(c.headroomInWords());
        if (c.pressureKnown()) {
            line.append("; pressure avg10 some ").append(ContainerFigures.pressurePercent(c.pressureSome10))
                    .append(" full ").append(ContainerFigures.pressurePercent(c.pressureFull10));
            if (!c.pressureSource.isEmpty()) {
                line.append(" (").append(c.pressureSource).append(')');
            }
        }
        if (c.oomKills >= 0) {
            line.append("; oom_kill ").append(c.oomKills);
        }
        return line.toString();
    }

    /**
     * The plain line's container pairs: {@code cgroup=100.5MiB/256.0MiB binding=/pod headroom=155.5MiB(61%)
     * bound=cgroup_limit psisome10=0.12% psifull10=0.00% oomkill=0}; {@code cgroup=3.1MiB/nolimit} without a limit.
     */
    private static void containerPairs(StringBuilder line, ContainerFigures c) {
        line.append(" cgroup=").append(compact(c.limitUsage())).append('/')
                .append(c.limited() ? compact(c.bindingLimit) : "nolimit");
        if (c.limited()) {
            line.append(" binding=").append(c.bindingLimitPath.isEmpty() ? "?" : c.bindingLimitPath.replace(' ', '_'));
        }
        if (c.headroomKnown()) {
            line.append(" headroom=").append(ByteAmount.signed(c.headroom).replace(" ", ""));
            if (!Double.isNaN(c.headroomFraction())) {
                line.append('(').append(c.headroom < 0 ? "over" : ByteAmount.percent(c.headroomFraction())).append(')');
            }
        }
        line.append(" bound=").append(c.headroomBound.toLowerCase(Locale.ROOT));
        if (c.pressureKnown()) {
            line.append(" psisome10=").append(ContainerFigures.pressurePercent(c.pressureSome10))
                    .append(" psifull10=").append(ContainerFigures.pressurePercent(c.pressureFull10));
        }
        if (c.oomKills >= 0) {
            line.append(" oomkill=").append(c.oomKills);
        }
    }

    /** {@code [████░░░░░░]  41% of 2.0 GiB, FileChannel.map at Store.open:88  /data/store.bin}. */
    static String mapping(CompositeData data, boolean blocks) {
        MappingRow row = MappingRow.of(data);
        if (!row.measured()) { // the tracker measures a mapping a moment after it is made
            return "[ not yet measured ] " + String.format(Locale.ROOT, "     of %s, ", ByteAmount.format(row.size))
                    + row.describe() + (row.file.isEmpty() ? "" : "  " + row.file);
        }
        return bar(row.fraction(), blocks) + String.format(Locale.ROOT, " %4s of %s, ",
                ByteAmount.percent(row.fraction()), ByteAmount.format(row.size)) + row.describe()
                + (row.file.isEmpty() ? "" : "  " + row.file);
    }

    /** A residency bar of {@value #BAR_CELLS} cells; {@code #} and {@code .} where block characters cannot be shown. */
    static String bar(double fraction, boolean blocks) {
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR_CELLS);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR_CELLS; i++) {
            bar.append(i < full ? (blocks ? '█' : '#') : (blocks ? '░' : '.'));
        }
        return bar.append(']').toString();
    }

    /**
     * An origin as short as a screen wants it: {@code FileChannel.map at com.acme.Store.open(Store.java:88)}
     * becomes {@code FileChannel.map at Store.open:88}; anything else stays as it is.
     */
    static String shortOrigin(String origin) {
        Matcher m = ORIGIN.matcher(origin);
        if (!m.matches()) {
            return origin;
        }
        return m.group(1) + " at " + m.group(2) + "." + m.group(3) + (m.group(4) == null ? "" : ":" + m.group(4));
    }

    private static String compact(long bytes) {
        return ByteAmount.format(bytes).replace(" ", "");
    }

    private static double fraction(long part, long whole) {
        return part < 0 || whole <= 0 ? -1 : (double) part / whole;
    }

    /** One {@code TopMappings} row, read leniently: a missing item reads as empty or 0. */
    static final class MappingRow {
        final String kind;
        final long size;
        final long resident;
        final String file;
        final String origin;

        private MappingRow(String kind, long size, long resident, String file, String origin) {
            this.kind = kind;
            this.size = size;
            this.resident = resident;
            this.file = file;
            this.origin = origin;
        }

        static MappingRow of(CompositeData data) {
            return new MappingRow(text(data, "kind"), number(data, "sizeBytes"), number(data, "residentBytes"),
                    text(data, "file"), text(data, "origin"));
        }

        /** Whether the tracker has measured this mapping's residency yet ({@code residentBytes} is -1 until then). */
        boolean measured() {
            return resident >= 0;
        }

        double fraction() {
            return size <= 0 ? 0 : (double) resident / size;
        }

        /** The origin shortened, or the kind when there is no origin. */
        String describe() {
            return origin.isEmpty() ? kind : shortOrigin(origin);
        }

        private static String text(CompositeData data, String key) {
            Object value = data.containsKey(key) ? data.get(key) : null;
            return value == null ? "" : value.toString();
        }

        private static long number(CompositeData data, String key) {
            Object value = data.containsKey(key) ? data.get(key) : null;
            return value instanceof Number ? ((Number) value).longValue() : 0;
        }
    }
}
