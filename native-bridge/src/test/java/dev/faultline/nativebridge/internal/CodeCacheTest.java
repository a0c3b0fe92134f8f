package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeCacheTest {

    @Test
    void segmentedBoundsAreReadFromEachCodeHeap() {
        CodeCache cache = CodeCache.parse(
                "CodeHeap 'non-profiled nmethods': size=120036Kb used=220Kb max_used=220Kb free=119815Kb\n"
                + " bounds [0x00007f3730ec7000, 0x00007f3731137000, 0x00007f3738400000]\n"
                + "CodeHeap 'profiled nmethods': size=120032Kb used=1200Kb max_used=1200Kb free=118831Kb\n"
                + " bounds [0x00007f3729400000, 0x00007f3729670000, 0x00007f3730938000]\n"
                + "CodeHeap 'non-nmethods': size=5692Kb used=1247Kb max_used=1262Kb free=4444Kb\n"
                + " bounds [0x00007f3730938000, 0x00007f3730ba8000, 0x00007f3730ec7000]\n");

        assertTrue(cache.known());
        assertTrue(cache.contains(0x00007f3729400000L), "start of a heap");
        assertTrue(cache.contains(0x00007f3738400000L - 1), "the reserved end, not the committed one");
        assertFalse(cache.contains(0x00007f3738400000L), "end is exclusive");
        assertFalse(cache.contains(0x00007f3729400000L - 1));
    }

    @Test
    void aSingleCodeCacheIsReadToo() {
        CodeCache cache = CodeCache.parse("CodeCache: size=49152Kb used=1234Kb max_used=1234Kb free=47918Kb\n"
                + " bounds [0x00007f0000000000, 0x00007f0000100000, 0x00007f0003000000]\n");

        assertTrue(cache.contains(0x00007f0002000000L));
    }

    @Test
    void outputWithoutBoundsLeavesTheCodeCacheUnknown() {
        CodeCache cache = CodeCache.parse("Unknown diagnostic command");

        assertFalse(cache.known());
        assertFalse(cache.contains(0x1000));
    }

    @Test
    void thisJvmsCodeCacheIsWhereTheKernelShowsExecutableAnonymousMemory() throws Exception {
        CodeCache cache = CodeCache.get();
        assertTrue(cache.known(), cache::toString);
        boolean found = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            MapsLine maps = MapsLine.parse(line);
            if (maps != null && maps.executable() && maps.path.isEmpty() && cache.contains(maps.start)) {
                assertTrue(cache.contains(maps.end - 1), "a committed code heap lies wholly inside the bounds: " + maps);
                found = true;
            }
        }
        assertTrue(found, "some rwx anonymous mapping is the code cache: " + cache);
    }
}
