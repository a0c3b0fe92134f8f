package com.acme;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * {@code MappingCallsApp DIR}: the mapping calls the tracker hooks, used the way
 * applications use them, printing on stdout what each returned or threw, so that runs
 * with and without the agent can be compared line by line. It keeps every buffer of a page
 * or more until the end, where, when the agent runs, it says on stderr how many mappings
 * its own Mappings MXBean tracks with an origin in this class ({@code TRACKED N}).
 */
public final class MappingCallsApp {
    private static final java.util.List<ByteBuffer> KEEP = new java.util.ArrayList<>();

    private MappingCallsApp() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile(Path.of(args[0]), "calls", ".bin");
        try {
            fileMappings(file);
            directBuffers();
            failures(file);
        } finally {
            Files.deleteIfExists(file);
        }
        MappingsView view = new MappingsView();
        if (view.registered()) {
            System.err.println("TRACKED " + view.from("MappingCallsApp").size());
        }
        System.out.println("kept " + KEEP.size());
    }

    private static void fileMappings(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            FileChannel channel = raf.getChannel();
            // an unaligned position: the buffer starts inside the mapping's first page
            MappedByteBuffer rw = keep(channel.map(FileChannel.MapMode.READ_WRITE, 4096 + 123, 1 << 20));
            for (int i = 0; i < rw.capacity(); i += 511) {
                rw.put(i, (byte) (i * 31));
            }
            rw.force();
            System.out.println("read-write " + rw + " file size " + channel.size());
            MappedByteBuffer ro = keep(channel.map(FileChannel.MapMode.READ_ONLY, 4096 + 123, 1 << 20));
            System.out.println("read-only " + ro + " read-only=" + ro.isReadOnly() + " crc " + crc(ro));
            MappedByteBuffer priv = keep(channel.map(FileChannel.MapMode.PRIVATE, 0, 8192));
            priv.put(0, (byte) 7);
            System.out.println("private " + priv.get(0) + " file keeps "
                    + keep(channel.map(FileChannel.MapMode.READ_ONLY, 0, 1)).get(0));
            MappedByteBuffer empty = channel.map(FileChannel.MapMode.READ_ONLY, 0, 0);
            System.out.println("empty " + empty + " direct=" + empty.isDirect());
            ByteBuffer slice = rw.slice(100, 200);
            System.out.println("slice " + slice + " first " + slice.get(0) + " direct=" + slice.isDirect());
        }
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            System.out.println("reopened crc " + crc(keep(read.map(FileChannel.MapMode.READ_ONLY, 4096 + 123, 1 << 20))));
        }
    }

    private static void directBuffers() {
        ByteBuffer big = keep(ByteBuffer.allocateDirect(1 << 20));
        for (int i = 0; i < big.capacity(); i += 4) {
            big.putInt(i, i);
        }
        System.out.println("direct " + big + " sum " + sum(big) + " direct=" + big.isDirect());
        ByteBuffer small = ByteBuffer.allocateDirect(100).put((byte) 9).flip();
        System.out.println("small " + small + " " + small.get());
        System.out.println("zero " + ByteBuffer.allocateDirect(0));
        System.out.println("duplicate " + big.duplicate().getInt(4096) + " read-only " + big.asReadOnlyBuffer().getInt(8));
    }

    private static void failures(Path file) throws Exception {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        FileChannel channel = raf.getChannel();
        attempt("negative size", () -> channel.map(FileChannel.MapMode.READ_ONLY, 0, -1));
        attempt("too large", () -> channel.map(FileChannel.MapMode.READ_ONLY, 0, Integer.MAX_VALUE + 1L));
        attempt("null mode", () -> channel.map(null, 0, 10));
        raf.close();
        attempt("closed channel", () -> channel.map(FileChannel.MapMode.READ_ONLY, 0, 10));
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            attempt("read-only channel", () -> read.map(FileChannel.MapMode.READ_WRITE, 0, 10));
        }
        attempt("negative capacity", () -> ByteBuffer.allocateDirect(-1));
    }

    private static <B extends ByteBuffer> B keep(B buffer) {
        KEEP.add(buffer);
        return buffer;
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void attempt(String what, Call call) {
        try {
            System.out.println(what + " returned " + call.run());
        } catch (Exception e) {
            StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            System.out.println(what + " threw " + e + " at " + (top == null ? "?" : top.getClassName() + "."
                    + top.getMethodName()));
        }
    }

    private static long crc(ByteBuffer buffer) {
        CRC32 crc = new CRC32();
        crc.update(buffer.duplicate());
        return crc.getValue();
    }

    private static long sum(ByteBuffer buffer) {
        long sum = 0;
        for (int i = 0; i < buffer.capacity(); i += 4) {
            sum += buffer.getInt(i);
        }
        return sum;
    }
}
