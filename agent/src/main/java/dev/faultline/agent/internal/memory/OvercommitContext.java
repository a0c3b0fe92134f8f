package dev.faultline.agent.internal.memory;

import dev.faultline.nativebridge.OvercommitMode;

/**
 * The overcommit picture in words, for the MXBean and the reports: the mode and what it
 * means, how close {@code Committed_AS} is to {@code CommitLimit} and whether that limit
 * binds here, the process's reserved against resident memory, and, inside a memory
 * cgroup, the limit that really applies.
 */
public final class OvercommitContext {
    private OvercommitContext() {
    }

    /** The figures the text is made of; plain fields, so that tests can set any case. */
    static final class Figures {
        OvercommitMode mode;
        long committed = -1;
        long commitLimit = -1;
        boolean processAvailable;
        long vmSize;
        long rss;
        int cgroupVersion;
        String cgroupPath;
        long cgroupLimit = -1;
        long cgroupUsage = -1;
    }

    /** The text for one sample: a few lines, each a sentence or two. */
    public static String describe(MemorySample sample) {
        Figures f = new Figures();
        f.mode = sample.system.overcommitMode();
        f.committed = sample.system.committed();
        f.commitLimit = sample.system.commitLimit();
        f.processAvailable = sample.process.available();
        f.vmSize = sample.process.size();
        f.rss = sample.process.rss();
        f.cgroupVersion = sample.system.cgroupVersion();
        f.cgroupPath = sample.system.cgroupPath();
        f.cgroupLimit = sample.system.cgroupLimit();
        f.cgroupUsage = sample.system.cgroupUsage();
        return describe(f);
    }

    static String describe(Figures f) {
        StringBuilder text = new StringBuilder();
        if (f.mode == null) {
            text.append("Overcommit mode: unknown (/proc/sys/vm/overcommit_memory cannot be read).\n");
        } else {
            text.append("Overcommit mode: ").append(MemorySample.modeName(f.mode)).append(" (")
                    .append(f.mode.value()).append("). ").append(f.mode.meaning()).append('\n');
        }
        if (f.committed >= 0 && f.commitLimit > 0) {
            long headroom = f.commitLimit - f.committed;
            text.append("Committed_AS ").append(ByteAmount.format(f.committed)).append(" is ")
                    .append(ByteAmount.percent(MemorySample.fraction(f.committed, f.commitLimit)))
                    .append(" of CommitLimit ").append(ByteAmount.format(f.commitLimit))
                    .append(headroom >= 0 ? " (" + ByteAmount.format(headroom) + " left)"
                            : " (" + ByteAmount.format(-headroom) + " over)")
                    .append(". ").append(binding(f.mode, headroom)).append('\n');
        } else {
            text.append("Committed_AS and CommitLimit: unknown (/proc/meminfo cannot be read).\n");
        }
        if (f.processAvailable) {
            text.append("This process: VmSize ").append(ByteAmount.format(f.vmSize)).append(" of address space, RSS ")
                    .append(ByteAmount.format(f.rss)).append(" resident (")
                    .append(ByteAmount.percent(MemorySample.fraction(f.rss, f.vmSize)))
                    .append("); the rest is reserved or mapped but not touched, or paged out, and costs no RAM.\n");
        } else {
            text.append("This process: VmSize and RSS unknown (/proc/self/status cannot be read).\n");
        }
        if (f.cgroupLimit >= 0) {
            text.append("Memory cgroup v").append(f.cgroupVersion).append(' ').append(f.cgroupPath).append(": ")
                    .append(f.cgroupVersion == 2 ? "memory.current " : "memory.usage_in_bytes ")
                    .append(ByteAmount.format(f.cgroupUsage)).append(" of ")
                    .append(f.cgroupVersion == 2 ? "memory.max " : "memory.limit_in_bytes ")
                    .append(ByteAmount.format(f.cgroupLimit)).append(" (")
                    .append(ByteAmount.percent(MemorySample.fraction(f.cgroupUsage, f.cgroupLimit)))
                    .append("). This limit is the one that applies: /proc/meminfo (MemTotal, CommitLimit)"
                            + " shows the host, and past the limit the cgroup's OOM killer acts,"
                            + " whatever the overcommit mode.\n");
        } else if (f.cgroupVersion != 0) {
            text.append("Memory cgroup v").append(f.cgroupVersion).append(' ').append(f.cgroupPath)
                    .append(": no memory limit set.\n");
        }
        return text.toString();
    }

    private static String binding(OvercommitMode mode, long headroom) {
        if (mode == OvercommitMode.NEVER) {
            return headroom > 0
                    ? "In mode never this limit binds: an allocation larger than what is left fails at once"
                    + " (mmap ENOMEM, 'Cannot allocate memory', 'unable to create native thread')."
                    : "In mode never this limit binds, and it is reached: new allocations fail.";
        }
        if (mode == OvercommitMode.ALWAYS) {
            return "CommitLimit binds only in mode never; in mode always nothing is refused, and running out"
                    + " shows up later as the OOM killer.";
        }
        return "CommitLimit binds only in mode never; here it is a yardstick: allocations beyond it can still"
                + " succeed, and running out shows up as the OOM killer when pages are touched.";
    }
}
