package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class MemoryCgroupTest {
    private static final String HYBRID_MOUNTS = String.join("\n",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
            "");

    @Test
    void onAHybridHostTheV1MemoryControllerWins() {
        MemoryCgroup cgroup = MemoryCgroup.locate("4:memory:/process_api/abc\n1:cpu:/\n0::/\n", HYBRID_MOUNTS);
        assertNotNull(cgroup);
        assertEquals(1, cgroup.version());
        assertEquals("/process_api/abc", cgroup.path());
        assertEquals(Path.of("/sys/fs/cgroup/memory/process_api/abc"), cgroup.directory());
    }

    @Test
    void theMemoryControllerMayShareAV1HierarchyWithOthers() {
        String mounts = "35 31 0:32 / /sys/fs/cgroup/memory,cpu rw - cgroup cgroup rw,cpu,memory\n";
        MemoryCgroup cgroup = MemoryCgroup.locate("3:cpu,memory:/a\n", mounts);
        assertNotNull(cgroup);
        assertEquals(Path.of("/sys/fs/cgroup/memory,cpu/a"), cgroup.directory());
    }

    @Test
    void aPureV2HostUsesTheUnifiedHierarchy() {
        String mounts = "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
        MemoryCgroup cgroup = MemoryCgroup.locate("0::/user.slice/user-1000.slice/session-2.scope\n", mounts);
        assertNotNull(cgroup);
        assertEquals(2, cgroup.version());
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope"), cgroup.directory());
    }

    @Test
    void aContainerMountWhoseRootIsItsOwnCgroupMapsToTheMountPoint() {
        String mounts = "700 690 0:26 /docker/f00 /sys/fs/cgroup ro,nosuid - cgroup2 cgroup rw\n";
        MemoryCgroup cgroup = MemoryCgroup.locate("0::/docker/f00\n", mounts);
        assertNotNull(cgroup);
        assertEquals(Path.of("/sys/fs/cgroup"), cgroup.directory());
        MemoryCgroup child = MemoryCgroup.locate("0::/docker/f00/worker\n", mounts);
        assertEquals(Path.of("/sys/fs/cgroup/worker"), child.directory());
    }

    @Test
    void aCgroupOutsideTheMountedPartIsNotFound() {
        String mounts = "700 690 0:26 /docker/f00 /sys/fs/cgroup ro - cgroup2 cgroup rw\n";
        assertNull(MemoryCgroup.locate("0::/docker/other\n", mounts));
        assertNull(MemoryCgroup.locate("0::/../../user.slice\n",
                "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"));
    }

    @Test
    void escapedSpacesInTheMountPointAreDecoded() {
        String mounts = "30 23 0:26 / /mnt/cgroup\\040two rw - cgroup2 cgroup2 rw\n";
        assertEquals(Path.of("/mnt/cgroup two/a"), MemoryCgroup.locate("0::/a\n", mounts).directory());
    }

    @Test
    void theLimitIsTheSmallestOnTheWayUpAndMaxMeansNone(@TempDir Path mount) throws Exception {
        Path child = Files.createDirectories(mount.resolve("parent/child"));
        Files.writeString(mount.resolve("parent/memory.max"), "1073741824\n");
        Files.writeString(child.resolve("memory.max"), "max\n");
        Files.writeString(child.resolve("memory.current"), "4096\n");
        String mounts = "30 23 0:26 / " + mount + " rw - cgroup2 cgroup2 rw\n";
        MemoryCgroup cgroup = MemoryCgroup.locate("0::/parent/child\n", mounts);
        assertEquals(1L << 30, cgroup.limit());
        assertEquals(4096, cgroup.usage());
        Files.writeString(mount.resolve("parent/memory.max"), "max\n");
        assertEquals(-1, cgroup.limit(), "no limit anywhere");
    }

    @Test
    void aV1LimitOfNearlyLongMaxMeansNone(@TempDir Path mount) throws Exception {
        Path child = Files.createDirectories(mount.resolve("a"));
        Files.writeString(mount.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(child.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(child.resolve("memory.usage_in_bytes"), "123\n");
        String mounts = "35 31 0:32 / " + mount + " rw - cgroup cgroup rw,memory\n";
        MemoryCgroup cgroup = MemoryCgroup.locate("4:memory:/a\n", mounts);
        assertEquals(-1, cgroup.limit());
        assertEquals(123, cgroup.usage());
        Files.writeString(child.resolve("memory.limit_in_bytes"), "536870912\n");
        assertEquals(512L << 20, cgroup.limit());
    }

    @Test
    void withoutAnyMountedHierarchyThereIsNoCgroup() {
        assertNull(MemoryCgroup.locate("4:memory:/a\n0::/\n", "31 23 0:28 / /sys rw - sysfs sysfs rw\n"));
        assertNull(MemoryCgroup.locate("", HYBRID_MOUNTS));
    }
}
