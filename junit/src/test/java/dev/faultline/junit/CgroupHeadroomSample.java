package dev.faultline.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import dev.faultline.junit.testing.FreshPages;
import dev.faultline.nativebridge.NativeMemory;

/**
 * Run by {@link MinHeadroomCgroupTest} in a JVM inside a v1 memory cgroup with a limit
 * (its directory in the system property {@value #CGROUP}): each body touches fresh pages
 * until about as much as its name says is left under the limit, going by the kernel's own
 * {@code memory.usage_in_bytes}, and publishes that usage as {@code cgroup.usage} when done.
 * The pages are unmapped after each test, so the tests do not add up.
 */
class CgroupHeadroomSample {
    static final String CGROUP = "faultline.junit.cgroup";
    static final long MIB = 1L << 20;

    private NativeMemory kept;

    @Test
    @MemoryBudget(minHeadroom = "64MiB")
    void leaves32MiBUnderA64MiBFloor(TestReporter reporter) throws IOException {
        leave(32 * MIB, reporter);
    }

    @Test
    @MemoryBudget(minHeadroom = "64MiB")
    void leaves128MiBOverA64MiBFloor(TestReporter reporter) throws IOException {
        leave(128 * MIB, reporter);
    }

    @Test
    @MemoryBudget(minHeadroom = "25%")
    void leaves32MiBUnderAQuarterOfTheLimit(TestReporter reporter) throws IOException {
        leave(32 * MIB, reporter);
    }

    @Test
    @MemoryBudget(minHeadroom = "10%")
    void leaves128MiBOverATenthOfTheLimit(TestReporter reporter) throws IOException {
        leave(128 * MIB, reporter);
    }

    @Test
    @MemoryBudget(minHeadroom = "1GiB")
    void startsUnderAFloorAboveTheLimit(TestReporter reporter) throws IOException {
        reporter.publishEntry("cgroup.usage", Long.toString(number("memory.usage_in_bytes")));
    }

    @AfterEach
    void unmap() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }

    /** Touches fresh pages until about {@code bytes} are left under the cgroup's limit. */
    private void leave(long bytes, TestReporter reporter) throws IOException {
        long limit = number("memory.limit_in_bytes");
        long usage = number("memory.usage_in_bytes");
        long touch = limit - usage - bytes;
        if (touch <= 0) {
            throw new IllegalStateException("the cgroup has less than " + bytes + " bytes left before the body: limit "
                    + limit + ", usage " + usage);
        }
        int pages = (int) (touch / NativeMemory.pageSize());
        kept = FreshPages.map(pages);
        kept.touch(0, pages);
        reporter.publishEntry("cgroup.usage", Long.toString(number("memory.usage_in_bytes")));
    }

    private static long number(String file) throws IOException {
        return Long.parseLong(Files.readString(Path.of(System.getProperty(CGROUP), file)).trim());
    }
}
