package dev.faultline.nativebridge.internal;

import java.io.IOException;

/**
 * The limit that stops a cgroup first: of the cgroup and each ancestor up to the visible
 * root of the hierarchy that has a limit, the one with the least room left
 * ({@code limit - usage}, the usage of that cgroup, which holds its descendants' too).
 * With no siblings that is the smallest limit; a parent whose other children use memory
 * can bind with a larger limit than the child's.
 *
 * <p>Immutable. {@link #limit()} is {@link MemoryCgroupFiles#NO_LIMIT} when no cgroup on
 * the way has one.
 */
public final class BindingLimit {
    private final long limit;
    private final long usage;
    private final String path;
    private final long smallest;

    public BindingLimit(long limit, long usage, String path) {
        this(limit, usage, path, path == null ? MemoryCgroupFiles.NO_LIMIT : limit);
    }

    private BindingLimit(long limit, long usage, String path, long smallest) {
        this.limit = limit;
        this.usage = usage;
        this.path = path;
        this.smallest = smallest;
    }

    /**
     * Walks from {@code own} up, reading {@code limitFile} and {@code usageFile} (e.g.
     * {@code memory.max} and {@code memory.current}) of each level. A level whose limit or
     * usage cannot be read is passed over.
     */
    public static BindingLimit find(Cgroup own, String limitFile, String usageFile) {
        try (Walk walk = Walk.open(own, limitFile, usageFile)) {
            return walk.find();
        }
    }

    /**
     * The walk of {@link #find} with each level's two files kept open, for reading again and
     * again (the memory monitor's tick): a level whose limit file cannot be opened (the v2
     * root has no {@code memory.max}) is left out. A limit set later on a level kept is seen.
     */
    public static final class Walk implements AutoCloseable {
        private final String[] paths;
        private final ProcFile[] limits;
        private final ProcFile[] usages;

        private Walk(String[] paths, ProcFile[] limits, ProcFile[] usages) {
            this.paths = paths;
            this.limits = limits;
            this.usages = usages;
        }

        /** Opens the files {@code limitFile} and {@code usageFile} of {@code own} and each ancestor. */
        public static Walk open(Cgroup own, String limitFile, String usageFile) {
            java.util.List<String> paths = new java.util.ArrayList<>();
            java.util.List<ProcFile> limits = new java.util.ArrayList<>();
            java.util.List<ProcFile> usages = new java.util.ArrayList<>();
            for (Cgroup each = own; each != null; each = each.parent()) {
                ProcFile limit = ProcFile.openIfPresent(each.file(limitFile).toString());
                if (limit == null) {
                    continue;
                }
                ProcFile usage = ProcFile.openIfPresent(each.file(usageFile).toString());
                if (usage == null) {
                    limit.close();
                    continue;
                }
                paths.add(each.path());
                limits.add(limit);
                usages.add(usage);
            }
            return new Walk(paths.toArray(new String[0]), limits.toArray(new ProcFile[0]),
                    usages.toArray(new ProcFile[0]));
        }

        /**
         * The limit that binds now, as {@link BindingLimit#find}, with the smallest limit on the
         * way ({@link #smallestLimit()}), whose level's usage may be unreadable.
         */
        public BindingLimit find() {
            BindingLimit best = new BindingLimit(MemoryCgroupFiles.NO_LIMIT, MemoryCgroupFiles.UNAVAILABLE, null);
            long smallest = MemoryCgroupFiles.NO_LIMIT;
            for (int i = 0; i < paths.length; i++) {
                long limit = read(limits[i], true);
                if (limit == MemoryCgroupFiles.UNAVAILABLE || limit == MemoryCgroupFiles.NO_LIMIT) {
                    continue;
                }
                smallest = Math.min(smallest, limit);
                long usage = read(usages[i], false);
                if (usage < 0) {
                    continue;
                }
                if (!best.isLimited() || limit - usage < best.room()) {
                    best = new BindingLimit(limit, usage, paths[i]);
                }
            }
            return new BindingLimit(best.limit, best.usage, best.path, smallest);
        }

        /** How many levels are kept (those with both files). */
        public int levels() {
            return paths.length;
        }

        @Override
        public void close() {
            for (int i = 0; i < paths.length; i++) {
                limits[i].close();
                usages[i].close();
            }
        }
    }

    private static long read(ProcFile file, boolean isLimit) {
        try {
            ReadBuffer buffer = ReadBuffer.get();
            int length = buffer.fill(file);
            return isLimit ? MemoryCgroupFiles.parseLimit(buffer.bytes(), length)
                    : MemoryCgroupFiles.parseNumber(buffer.bytes(), length);
        } catch (IOException | RuntimeException e) {
            return MemoryCgroupFiles.UNAVAILABLE;
        }
    }

    public boolean isLimited() {
        return limit != MemoryCgroupFiles.NO_LIMIT && path != null;
    }

    /** The limit in bytes, or {@link MemoryCgroupFiles#NO_LIMIT}. */
    public long limit() {
        return limit;
    }

    /** The usage of the cgroup that sets it; {@link MemoryCgroupFiles#UNAVAILABLE} without a limit. */
    public long usage() {
        return usage;
    }

    /** What may still be charged before the limit: {@code limit - usage} (negative when over); meaningless without a limit. */
    public long room() {
        return limit - usage;
    }

    /**
     * The smallest limit on the way up that the walk found ({@link MemoryCgroupFiles#NO_LIMIT}:
     * none); the binding one has the least room, which need not be the smallest.
     */
    public long smallestLimit() {
        return smallest;
    }

    /** The cgroup that sets it, as {@code /proc/self/cgroup} names paths; {@code null} without a limit. */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return isLimited() ? "limit " + Sizes.format(limit) + " set by " + path + ", usage " + Sizes.format(usage)
                : "no limit";
    }
}
