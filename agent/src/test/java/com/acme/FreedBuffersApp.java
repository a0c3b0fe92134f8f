package com.acme;

import dev.faultline.nativebridge.Residency;
import java.io.RandomAccessFile;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.openmbean.CompositeData;

/**
 * {@code FreedBuffersApp DIR}: makes a direct buffer and a file mapping, reads its own
 * Mappings MXBean, drops both, and collects garbage until they are gone from it (or 20 s
 * pass). Prints the buffers' own addresses ({@code sun.nio.ch.DirectBuffer.address()},
 * run with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}), the MXBean's rows and
 * counts before ({@code BEFORE ...}) and after ({@code AFTER ...}), whether the JVM had
 * collected the buffers themselves, and mincore's count of their resident bytes
 * ({@code TRUTH ...}).
 */
public final class FreedBuffersApp {
    /** Sizes no other buffer of this JVM has, so that the rows are told apart by size. */
    public static final int DIRECT_SIZE = (4 << 20) + 4096;
    public static final int MAPPED_SIZE = (8 << 20) + 8192;

    private FreedBuffersApp() {
    }

    public static void main(String[] args) throws Exception {
        MappingsView view = new MappingsView();
        System.out.println("registered " + view.registered());
        Path file = Files.createTempFile(Path.of(args[0]), "freed", ".bin");
        try {
            List<WeakReference<ByteBuffer>> buffers = makeAndShow(view, file);
            long start = System.currentTimeMillis();
            while (System.currentTimeMillis() - start < 20_000 && (sized(view, DIRECT_SIZE) != null
                    || sized(view, MAPPED_SIZE) != null || buffers.get(0).get() != null || buffers.get(1).get() != null)) {
                System.gc();
                Thread.sleep(50);
            }
            System.out.println("AFTER millis=" + (System.currentTimeMillis() - start)
                    + "; direct=" + (sized(view, DIRECT_SIZE) != null) + "; mapped=" + (sized(view, MAPPED_SIZE) != null)
                    + "; collected=" + (buffers.get(0).get() == null && buffers.get(1).get() == null)
                    + "; count=" + view.number("TrackedCount") + "; bytes=" + view.number("TrackedBytes")
                    + "; dropped=" + view.number("DroppedCount"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<WeakReference<ByteBuffer>> makeAndShow(MappingsView view, Path file) throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(DIRECT_SIZE);
        MappedByteBuffer mapped;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, MAPPED_SIZE);
        }
        for (int i = 0; i < DIRECT_SIZE; i += 4096) {
            direct.put(i, (byte) 1);
        }
        mapped.put(0, (byte) 1);
        System.out.println("OWN direct=" + address(direct) + "; mapped=" + address(mapped));
        // reading the MXBean starts measuring: wait until both are measured
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && ((Long) sized(view, DIRECT_SIZE).get("residentBytes") < 0
                || (Long) sized(view, MAPPED_SIZE).get("residentBytes") < 0)) {
            Thread.sleep(50);
        }
        // ground truth, after the rows were read: the kernel's own count (readahead brings more than the page written)
        System.out.println("TRUTH direct=" + Residency.of(address(direct), DIRECT_SIZE).residentBytes()
                + "; mapped=" + Residency.of(address(mapped), MAPPED_SIZE).residentBytes());
        System.out.println("BEFORE direct " + MappingsView.format(sized(view, DIRECT_SIZE)));
        System.out.println("BEFORE mapped " + MappingsView.format(sized(view, MAPPED_SIZE)));
        System.out.println("BEFORE counts count=" + view.number("TrackedCount") + "; bytes="
                + view.number("TrackedBytes"));
        return List.of(new WeakReference<>(direct), new WeakReference<>(mapped));
    }

    private static CompositeData sized(MappingsView view, long size) throws Exception {
        List<CompositeData> top = view.top();
        for (CompositeData row : top) {
            if ((Long) row.get("sizeBytes") == size) {
                return row;
            }
        }
        return null;
    }

    private static long address(ByteBuffer buffer) throws ReflectiveOperationException {
        return (Long) Class.forName("sun.nio.ch.DirectBuffer").getMethod("address").invoke(buffer);
    }
}
