package dev.faultline.agent.internal.memory.rss;

import dev.faultline.nativebridge.Mapping;

/** One smaps entry as the classification needs it (a plain value, so tests can make any layout). */
final class Region {
    final long start;
    final long end;
    final String perms;
    final long inode;
    final String path;
    final long rss;
    final long swap;

    Region(long start, long end, String perms, long inode, String path, long rss, long swap) {
        this.start = start;
        this.end = end;
        this.perms = perms;
        this.inode = inode;
        this.path = path;
        this.rss = rss;
        this.swap = swap;
    }

    static Region of(Mapping mapping) {
        return new Region(mapping.start(), mapping.end(), mapping.perms(), mapping.inode(), mapping.path(),
                mapping.rss(), mapping.swap());
    }

    long size() {
        return end - start;
    }

    /** Private anonymous memory: no file, no pseudo-path. */
    boolean anonymous() {
        return inode == 0 && path.isEmpty();
    }

    boolean fileBacked() {
        return inode != 0 || path.startsWith("/");
    }
}
