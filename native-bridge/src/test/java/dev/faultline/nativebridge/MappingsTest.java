package dev.faultline.nativebridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MappingsTest {
    private static final long MIB = 1 << 20;

    @Test
    void aFreshAnonymousMappingAppearsWithItsStartSizeAndPerms() {
        try (ScratchMapping scratch = ScratchMapping.map(8 * MIB)) {
            Mappings mappings = Mappings.read();
            assertTrue(mappings.available(), mappings.problem());
            Mapping mapping = mappings.find(scratch.address + 12345);
            assertNotNull(mapping, "no mapping holds the scratch region");
            assertEquals(scratch.address, mapping.start());
            assertEquals(8 * MIB, mapping.size());
            assertEquals(scratch.address + 8 * MIB, mapping.end());
            assertEquals("rw-p", mapping.perms());
            assertEquals("", mapping.path());
            assertFalse(mapping.fileBacked());
            assertEquals(0, mapping.rss(), "nothing touched yet");
        }
    }

    @Test
    void touchingOneMiBShowsOneMiBResidentAndAnonymous() {
        try (ScratchMapping scratch = ScratchMapping.map(8 * MIB)) {
            scratch.touch(2 * MIB, MIB);
            Mapping mapping = Mappings.read().find(scratch.address);
            assertNotNull(mapping);
            assertEquals(MIB, mapping.rss(), mapping.toString());
            assertEquals(MIB, mapping.anonymous(), mapping.toString());
            assertEquals(MIB, mapping.pss(), "private pages are not shared: " + mapping);
            assertEquals(0, mapping.anonHugePages(), "MADV_NOHUGEPAGE: " + mapping);
            assertEquals(0, mapping.swap(), mapping.toString());
        }
    }

    @Test
    void findUsesHalfOpenRangesAndReturnsNullForHoles() {
        try (ScratchMapping scratch = ScratchMapping.map(MIB)) {
            Mappings mappings = Mappings.read();
            Mapping mapping = mappings.find(scratch.address);
            assertNotNull(mapping);
            assertSame(mapping, mappings.find(scratch.address + MIB - 1));
            assertTrue(mapping.contains(scratch.address + MIB - 1));
            assertFalse(mapping.contains(scratch.address + MIB));
            assertNull(mappings.find(scratch.address + MIB), "the unmapped guard page after it");
            assertNull(mappings.find(scratch.address - 1), "the unmapped guard page before it");
            assertNull(mappings.find(0), "page zero is never mapped");
        }
    }

    @Test
    void totalRssIsWithinAFewPercentOfVmRss() {
        long bestError = Long.MAX_VALUE;
        long total = 0;
        long kernel = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            total = Mappings.read().totalRss();
            kernel = GroundTruth.kbAsBytes("/proc/self/status", "VmRSS");
            bestError = Math.min(bestError, Math.abs(total - kernel));
        }
        assertTrue(bestError <= kernel * 3 / 100, "smaps total " + total + " vs VmRSS " + kernel);
    }

    @Test
    void aMappedFileShowsItsPathAndInode(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mapped file.bin");
        Files.write(file, new byte[64 * 1024]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, 64 * 1024);
            long sum = 0;
            for (int i = 0; i < buffer.capacity(); i += (int) ScratchMapping.PAGE) {
                sum += buffer.get(i);
            }
            assertEquals(0, sum);
            String path = file.toRealPath().toString();
            Mapping mapping = null;
            for (Mapping each : Mappings.read().all()) {
                if (each.path().equals(path)) {
                    mapping = each;
                }
            }
            assertNotNull(mapping, "no mapping of " + path);
            assertEquals("r--s", mapping.perms(), "READ_ONLY maps shared and read-only");
            assertEquals(64 * 1024, mapping.size());
            assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), mapping.inode());
            assertTrue(mapping.fileBacked());
            assertEquals(64 * 1024, mapping.rss(), "every page was read: " + mapping);
            assertEquals(0, mapping.anonymous(), "page cache pages are not anonymous: " + mapping);
            Reference.reachabilityFence(buffer); // the mapping lives as long as the buffer
        }
    }

    @Test
    void anotherProcessCanBeReadByPid() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            Path sleepBinary = Path.of("/proc/" + sleep.pid() + "/exe");
            String executable = waitForExec(sleepBinary);
            Mappings mappings = Mappings.read(sleep.pid());
            assertTrue(mappings.available(), mappings.problem());
            assertEquals(sleep.pid(), mappings.pid());
            assertTrue(mappings.all().stream().anyMatch(m -> m.path().equals(executable) && m.executable()),
                    "no executable mapping of " + executable + " in " + mappings.all());
            assertTrue(mappings.all().stream().anyMatch(m -> m.path().equals("[stack]")));
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatDoesNotExistIsUnavailableWithAReason() {
        Mappings mappings = Mappings.read(Integer.MAX_VALUE);
        assertFalse(mappings.available());
        assertTrue(mappings.all().isEmpty());
        assertTrue(mappings.problem().contains("smaps"), mappings.problem());
    }

    @Test
    void smapsTextIsParsedIntoMappingsIncludingOddPathsAndHighAddresses() {
        String smaps = String.join("\n",
                "00400000-00452000 r-xp 00001000 08:02 173521      /usr/bin/with space (deleted)",
                "Size:                328 kB",
                "Rss:                  12 kB",
                "Pss:                   6 kB",
                "Pss_Dirty:             1 kB",
                "Anonymous:             4 kB",
                "AnonHugePages:         0 kB",
                "Swap:                  8 kB",
                "SwapPss:               3 kB",
                "VmFlags: rd ex mr mw me dw",
                "7ffd1000-7ffd2000 rw-p 00000000 00:00 0 ",
                "Rss:                   4 kB",
                "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
                "Rss:                   0 kB",
                "");
        byte[] bytes = smaps.getBytes(StandardCharsets.UTF_8);
        List<Mapping> list = Mappings.parse(bytes, bytes.length);
        assertEquals(3, list.size());
        Mapping first = list.get(0);
        assertEquals(0x400000, first.start());
        assertEquals(0x452000 - 0x400000, first.size());
        assertEquals(0x1000, first.offset());
        assertEquals(173521, first.inode());
        assertEquals("/usr/bin/with space (deleted)", first.path());
        assertEquals(12 * 1024, first.rss());
        assertEquals(6 * 1024, first.pss(), "Pss, not Pss_Dirty");
        assertEquals(4 * 1024, first.anonymous());
        assertEquals(8 * 1024, first.swap(), "Swap, not SwapPss");
        assertEquals(4096, list.get(1).rss());
        Mapping vsyscall = list.get(2);
        assertEquals("[vsyscall]", vsyscall.path());
        assertTrue(vsyscall.contains(0xffffffffff600800L), "addresses compare unsigned");
        assertFalse(first.contains(0xffffffffff600800L));
    }

    private static String waitForExec(Path exe) throws Exception {
        for (int i = 0; i < 200; i++) {
            String target = Files.readSymbolicLink(exe).toString();
            if (target.endsWith("/sleep")) {
                return target;
            }
            Thread.sleep(10); // still the JVM's forked child before exec
        }
        throw new AssertionError("sleep did not start");
    }
}
