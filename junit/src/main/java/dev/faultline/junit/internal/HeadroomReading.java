package dev.faultline.junit.internal;

import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.MemoryHeadroom;
import dev.faultline.nativebridge.MemoryHeadroom.Bound;

/**
 * The memory headroom at one moment as a {@code minHeadroom} budget checks it: the bytes
 * left, what binds, the size and name of the limit behind it, and the native bridge's
 * reason in words; or why there is no figure.
 */
final class HeadroomReading {
    /** Bytes left before {@link #bound} stops the JVM; may be negative. */
    final long bytes;
    final Bound bound;
    /** The size of the limit that binds, in bytes, for a percentage floor; -1 when it cannot be read. */
    final long limit;
    /** That limit with where it comes from: {@code memory.limit_in_bytes 256.0 MiB of the cgroup /ci}. */
    final String limitName;
    /** {@link MemoryHeadroom#reason()}: which limit binds and what happens past it. */
    final String reason;
    /** Why there is no figure; {@code null} when there is one. */
    final String problem;

    HeadroomReading(long bytes, Bound bound, long limit, String limitName, String reason, String problem) {
        this.bytes = bytes;
        this.bound = bound;
        this.limit = limit;
        this.limitName = limitName;
        this.reason = reason;
        this.problem = problem;
    }

    /** Reads the headroom now (about 0.2 ms: some twenty small files). */
    static HeadroomReading now() {
        return of(ContainerMemory.now());
    }

    static HeadroomReading of(ContainerMemory memory) {
        MemoryHeadroom headroom = memory.headroom();
        if (!memory.available()) {
            // the system's figure alone would overstate the room wherever a cgroup limit binds unseen
            String system = headroom.bound() == Bound.UNKNOWN ? ""
                    : "; the system alone leaves " + ByteSize.format(headroom.bytes()) + ", but a cgroup's limit that"
                            + " cannot be seen may bind first";
            return unavailable("the memory headroom cannot be read: " + memory.problem() + system);
        }
        // the size of the limit that binds, from the same reading as the headroom
        long limit = headroom.limit() == MemoryHeadroom.NOT_APPLICABLE ? -1 : headroom.limit();
        switch (headroom.bound()) {
            case CGROUP_LIMIT:
                return reading(headroom, limit, cgroupLimit(
                        memory.cgroupVersion() == 2 ? "memory.max" : "memory.limit_in_bytes",
                        limit, memory.bindingLimitPath()));
            case CGROUP_MEMORY_AND_SWAP_LIMIT:
                return reading(headroom, limit, cgroupLimit("memory.memsw.limit_in_bytes", limit,
                        memory.bindingSwapLimitPath()));
            case COMMIT_LIMIT:
                return reading(headroom, limit, "CommitLimit " + size(limit) + " (overcommit mode 2)");
            case AVAILABLE_MEMORY:
                return reading(headroom, limit, "MemTotal + SwapTotal " + size(limit) + " of the system");
            default:
                return unavailable("the memory headroom cannot be read: " + headroom.reason());
        }
    }

    private static HeadroomReading reading(MemoryHeadroom headroom, long limit, String limitName) {
        return new HeadroomReading(headroom.bytes(), headroom.bound(), limit, limitName, headroom.reason(), null);
    }

    private static HeadroomReading unavailable(String problem) {
        return new HeadroomReading(MemoryHeadroom.NOT_APPLICABLE, Bound.UNKNOWN, -1, null, null, problem);
    }

    /** {@code memory.max 256.0 MiB of the cgroup /ci}; v1 names an ancestor that the mount hides in parentheses. */
    private static String cgroupLimit(String file, long limit, String path) {
        String where = path == null ? "the cgroup"
                : path.startsWith("(") && path.endsWith(")") ? path.substring(1, path.length() - 1)
                : "the cgroup " + path;
        return file + " " + size(limit) + " of " + where;
    }

    private static String size(long bytes) {
        return bytes < 0 ? "(unreadable)" : ByteSize.format(bytes);
    }
}
