package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The page size read from the auxiliary vector, against {@code getconf} and libc's {@code sysconf}. */
class SizesTest {
    @Test
    void auxvPageSizeIsTheSystemsPageSize() throws Exception {
        Process getconf = new ProcessBuilder("getconf", "PAGESIZE").start();
        long expected = Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
        assertEquals(0, getconf.waitFor());
        assertEquals(expected, Sizes.auxvPageSize(), "AT_PAGESZ");
        assertEquals(expected, Sizes.pageSize());
        assertEquals(expected, Natives.libc().library().sysconf(LibC._SC_PAGESIZE), "sysconf(_SC_PAGESIZE)");
    }
}
