package dev.faultline.nativebridge.internal;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class LibCTest {

    /**
     * With JNR's x86 assembler stubs, a call with six all-primitive arguments gets its sixth
     * corrupted. {@code mmap}'s sixth is the file offset: mapping a file at page 1 must show
     * page 1's bytes, not page 0's.
     */
    @Test
    void mmapPassesItsSixthArgumentTheFileOffsetIntact() throws Exception {
        LibC libc = Natives.libc().library();
        assertNotNull(libc, Natives.libc().problem());
        int page = (int) Sizes.pageSize();
        byte[] content = new byte[3 * page];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i / page + 1); // page 0 holds 1s, page 1 holds 2s, page 2 holds 3s
        }
        Path file = Files.createTempFile("faultline-mmap", ".bin");
        try {
            Files.write(file, content);
            int fd = libc.open(file.toString(), LibC.O_RDONLY);
            assertNotEquals(-1, fd);
            try {
                long address = libc.mmap(null, page, LibC.PROT_READ, LibC.MAP_PRIVATE, fd, 2L * page);
                assertNotEquals(-1L, address, () -> "mmap: " + Natives.strerror(Natives.errno()));
                try {
                    byte[] mapped = new byte[page];
                    Pointer pointer = Runtime.getSystemRuntime().getMemoryManager().newPointer(address, page);
                    pointer.get(0, mapped, 0, page);
                    byte[] expected = new byte[page];
                    java.util.Arrays.fill(expected, (byte) 3);
                    assertArrayEquals(expected, mapped);
                } finally {
                    assertEquals(0, libc.munmap(address, page));
                }
            } finally {
                libc.close(fd);
            }
        } finally {
            Files.delete(file);
        }
    }
}
