package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoryCgroupFilesTest {
    private static final long NONE = MemoryCgroupFiles.UNAVAILABLE;
    private static final long NO_LIMIT = MemoryCgroupFiles.NO_LIMIT;

    /** A v2 memory.stat as Linux 6.x writes it (abridged; the order is the kernel's). */
    private static final String V2_STAT = String.join("\n",
            "anon 104857600", "file 52428800", "kernel 8388608", "kernel_stack 262144", "pagetables 1048576",
            "sec_pagetables 0", "percpu 0", "sock 4096", "vmalloc 0", "shmem 1048576", "zswap 0", "zswapped 0",
            "file_mapped 2097152", "file_dirty 8192", "file_writeback 0", "swapcached 0", "anon_thp 0",
            "file_thp 0", "shmem_thp 0", "inactive_anon 100663296", "active_anon 5242880",
            "inactive_file 41943040", "active_file 10485760", "unevictable 0", "slab_reclaimable 2000000",
            "slab_unreclaimable 1000000", "slab 3000000", "pgfault 1234", "");

    /** A v1 memory.stat as this machine's kernel writes it (abridged). */
    private static final String V1_STAT = String.join("\n",
            "cache 4067328", "rss 1712128", "rss_huge 0", "shmem 0", "mapped_file 983040", "dirty 28672",
            "writeback 0", "swap 0", "inactive_anon 1597440", "active_anon 12288", "inactive_file 196608",
            "active_file 3870720", "unevictable 0", "hierarchical_memory_limit 268435456",
            "hierarchical_memsw_limit 9223372036854771712", "total_cache 5067328", "total_rss 2712128",
            "total_rss_huge 0", "");

    private static long limit(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return MemoryCgroupFiles.parseLimit(bytes, bytes.length);
    }

    private static long number(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return MemoryCgroupFiles.parseNumber(bytes, bytes.length);
    }

    @Test
    void maxAndV1sUnlimitedValueAreNoLimitAndAnythingElseThatIsNotANumberIsUnavailable() {
        assertEquals(NO_LIMIT, limit("max\n"));
        assertEquals(NO_LIMIT, limit("9223372036854771712\n"));
        assertEquals(268435456, limit("268435456\n"));
        assertEquals(0, limit("0\n"), "memory.low 0 is a real value: no protection");
        assertEquals(NONE, limit(""));
        assertEquals(NONE, limit("maximum\n"));
        assertEquals(NONE, limit("-1\n"));
        assertEquals(NONE, limit("12 34\n"));
        assertEquals(NONE, limit("12k\n"));
        assertEquals(4096, number(" 4096\n"));
        assertEquals(NONE, number("max\n"), "max is a limit's word, not a counter's");
        assertEquals(NONE, number("\n"));
    }

    private static MemoryCgroupFiles files(String... names) {
        boolean[] limit = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            limit[i] = names[i] != null && (names[i].endsWith(".max") || names[i].endsWith("_limit")
                    || names[i].endsWith("limit_in_bytes") || names[i].endsWith(".high"));
        }
        return new MemoryCgroupFiles(names, limit);
    }

    @Test
    void aV2CgroupsFilesAreReadEachOnceIntoTheirSlots(@TempDir Path cgroup) throws Exception {
        Files.writeString(cgroup.resolve("memory.current"), "171966464\n");
        Files.writeString(cgroup.resolve("memory.max"), "268435456\n");
        Files.writeString(cgroup.resolve("memory.high"), "max\n");
        Files.writeString(cgroup.resolve("memory.events"), "low 0\nhigh 3\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n");
        Files.writeString(cgroup.resolve("memory.stat"), V2_STAT);
        MemoryCgroupFiles files = files("memory.current", "memory.max", "memory.high", null, "memory.events max",
                "memory.events oom_kill", "memory.stat anon", "memory.stat file", "memory.stat slab",
                "memory.stat inactive_file", "memory.stat file_mapped", "memory.peak");
        long[] out = new long[12];
        assertEquals(5, files.read(cgroup, out), "six files named, memory.peak missing (before Linux 5.19)");
        assertEquals(171966464, out[0]);
        assertEquals(268435456, out[1]);
        assertEquals(NO_LIMIT, out[2]);
        assertEquals(NONE, out[3], "a slot without a name");
        assertEquals(17, out[4]);
        assertEquals(1, out[5], "oom_kill, not oom nor oom_group_kill");
        assertEquals(104857600, out[6]);
        assertEquals(52428800, out[7], "file, not file_mapped");
        assertEquals(3000000, out[8], "slab, not slab_reclaimable");
        assertEquals(41943040, out[9]);
        assertEquals(2097152, out[10]);
        assertEquals(NONE, out[11], "a missing file is unavailable, not 0");
    }

    @Test
    void aV1StatKeepsOwnAndHierarchicalFiguresApartAndItsUnlimitedIsNoLimit(@TempDir Path cgroup) throws Exception {
        Files.writeString(cgroup.resolve("memory.stat"), V1_STAT);
        Files.writeString(cgroup.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        MemoryCgroupFiles files = files("memory.stat rss", "memory.stat total_rss", "memory.stat cache",
                "memory.stat hierarchical_memory_limit", "memory.stat hierarchical_memsw_limit",
                "memory.oom_control oom_kill", "memory.oom_control under_oom", "memory.stat total_swap");
        long[] out = new long[8];
        files.read(cgroup, out);
        assertEquals(1712128, out[0], "rss, not rss_huge");
        assertEquals(2712128, out[1]);
        assertEquals(4067328, out[2]);
        assertEquals(268435456, out[3]);
        assertEquals(NO_LIMIT, out[4]);
        assertEquals(3, out[5]);
        assertEquals(0, out[6], "a real zero stays zero");
        assertEquals(NONE, out[7], "a key the file does not have");
    }

    @Test
    void garbageAndAGoneCgroupReadAsUnavailableNeverZero(@TempDir Path cgroup) throws Exception {
        Files.writeString(cgroup.resolve("memory.current"), "lots\n");
        Files.writeString(cgroup.resolve("memory.stat"), "anon\nfile -5\nshmem 12 extra\n\u0000\u0001\n");
        MemoryCgroupFiles files = files("memory.current", "memory.stat anon", "memory.stat file", "memory.stat shmem");
        long[] out = {7, 7, 7, 7};
        files.read(cgroup, out);
        assertEquals(NONE, out[0]);
        assertEquals(NONE, out[1]);
        assertEquals(NONE, out[2]);
        assertEquals(12, out[3], "the first number of a key's line, as the kernel's own readers take it");

        long[] gone = {7, 7, 7, 7};
        assertEquals(0, files.read(cgroup.resolve("removed"), gone));
        assertEquals(NONE, gone[0]);
        assertEquals(NONE, gone[3]);
    }
}
