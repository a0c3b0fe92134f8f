package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class ReadBufferTest {

    @Test
    void aFileLargerThanTheBufferMakesItGrowAndIsReadWhole(@TempDir Path dir) throws Exception {
        byte[] content = new byte[10_000];
        Arrays.fill(content, (byte) 'x');
        content[content.length - 1] = '\n';
        Path file = Files.write(dir.resolve("big"), content);
        ReadBuffer buffer = ReadBuffer.get();
        assertEquals(content.length, buffer.fill(ProcFile.open(file.toString())));
        assertArrayEquals(content, Arrays.copyOf(buffer.bytes(), buffer.length()));
    }

    @Test
    void eachThreadHasItsOwnBuffer() throws Exception {
        ReadBuffer[] other = new ReadBuffer[1];
        Thread thread = new Thread(() -> other[0] = ReadBuffer.get());
        thread.start();
        thread.join();
        assertSame(ReadBuffer.get(), ReadBuffer.get());
        assertNotSame(ReadBuffer.get(), other[0]);
    }
}
