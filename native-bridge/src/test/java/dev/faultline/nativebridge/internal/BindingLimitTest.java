package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class BindingLimitTest {
    private static final long MIB = 1 << 20;

    private static Cgroup v2(Path mount, String path) {
        return Cgroup.locate("0::" + path + "\n", "30 23 0:26 / " + mount + " rw - cgroup2 cgroup2 rw\n", "memory");
    }

    private static void level(Path dir, String max, long current) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("memory.max"), max + "\n");
        Files.writeString(dir.resolve("memory.current"), current + "\n");
    }

    @Test
    void withoutSiblingsTheSmallestLimitOnTheWayUpBinds(@TempDir Path mount) throws Exception {
        level(mount.resolve("pod"), Long.toString(1024 * MIB), 300 * MIB);
        level(mount.resolve("pod/app"), Long.toString(512 * MIB), 300 * MIB);
        level(mount.resolve("pod/app/jvm"), "max", 300 * MIB);
        BindingLimit binding = BindingLimit.find(v2(mount, "/pod/app/jvm"), "memory.max", "memory.current");
        assertEquals(512 * MIB, binding.limit());
        assertEquals("/pod/app", binding.path());
        assertEquals(212 * MIB, binding.room());
    }

    @Test
    void aParentWhoseOtherChildrenUseMemoryBindsWithALargerLimit(@TempDir Path mount) throws Exception {
        level(mount.resolve("pod"), Long.toString(1024 * MIB), 1000 * MIB); // a sidecar uses 900 MiB
        level(mount.resolve("pod/app"), Long.toString(512 * MIB), 100 * MIB);
        BindingLimit binding = BindingLimit.find(v2(mount, "/pod/app"), "memory.max", "memory.current");
        assertEquals("/pod", binding.path());
        assertEquals(24 * MIB, binding.room());
    }

    @Test
    void noLimitAnywhereOrUnreadableLevelsBindNothing(@TempDir Path mount) throws Exception {
        level(mount.resolve("a"), "max", 100);
        level(mount.resolve("a/b"), "max", 100);
        BindingLimit none = BindingLimit.find(v2(mount, "/a/b"), "memory.max", "memory.current");
        assertFalse(none.isLimited());
        assertNull(none.path());

        Files.writeString(mount.resolve("a/memory.max"), "garbage\n");
        Files.writeString(mount.resolve("a/b/memory.max"), "4096\n");
        Files.delete(mount.resolve("a/b/memory.current"));
        assertFalse(BindingLimit.find(v2(mount, "/a/b"), "memory.max", "memory.current").isLimited(),
                "a limit whose usage cannot be read is passed over, not taken with a usage of 0");
    }
}
