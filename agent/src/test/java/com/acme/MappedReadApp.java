package com.acme;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Maps the file {@code args[0]} and reads one byte of each page in the traced {@code readAll}. */
public final class MappedReadApp {
    private MappedReadApp() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("sum " + readAll(Path.of(args[0])));
    }

    static long readAll(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            long sum = 0;
            for (int i = 0; i < map.capacity(); i += 4096) {
                sum += map.get(i);
            }
            return sum;
        }
    }
}
