package com.acme;

import dev.faultline.nativebridge.Mapping;
import dev.faultline.nativebridge.Mappings;
import dev.faultline.nativebridge.NativeMemory;
import dev.faultline.nativebridge.Residency;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.openmbean.CompositeData;

/**
 * {@code MapFileApp DIR}: maps a 1 GiB region of a sparse file in DIR read-write and
 * touches one page in each of its first eighth, then of its first quarter, waiting after
 * each step until its own Mappings MXBean shows that much resident, and then for 15
 * periods more (system property {@code period.millis}), so that the residency samples of
 * a JFR recording, if one runs, show each step. Prints the line of the
 * map call ({@code MAPLINE}), each step's MXBean row ({@code ROW step ...}) and, at the
 * end, the ground truth for the mapping from {@code /proc/self/maps} and mincore
 * ({@code TRUTH ...}).
 */
public final class MapFileApp {
    static final long SIZE = 1L << 30;
    private static final long WAIT_MILLIS = 30_000;
    private static final long PERIOD_MILLIS = Long.getLong("period.millis", 1000);

    private MapFileApp() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile(Path.of(args[0]), "region", ".bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(SIZE); // sparse: no page is in the page cache yet
            FileChannel channel = raf.getChannel();
            MappedByteBuffer region = mapRegion(channel);
            MappingsView view = new MappingsView();
            long pages = SIZE / NativeMemory.pageSize();
            touch(region, 0, pages / 8);
            await(view, "eighth", SIZE / 8);
            touch(region, pages / 8, pages / 4);
            await(view, "quarter", SIZE / 4);
            Mapping mapping = find(file);
            Residency truth = Residency.of(mapping.start(), SIZE);
            System.out.println("TRUTH path=" + file + " address=" + mapping.start() + " size=" + mapping.size()
                    + " resident=" + truth.residentBytes());
            // two more periods: the recording's last samples come after the truth
            Thread.sleep(2 * PERIOD_MILLIS);
            System.out.println("done " + region.get(0));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static MappedByteBuffer mapRegion(FileChannel channel) throws java.io.IOException {
        System.out.println("MAPLINE " + (new Throwable().getStackTrace()[0].getLineNumber() + 1));
        return channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
    }

    private static void touch(MappedByteBuffer region, long fromPage, long toPage) {
        int page = (int) NativeMemory.pageSize();
        for (long p = fromPage; p < toPage; p++) {
            region.put((int) (p * page), (byte) 1);
        }
    }

    /** Waits until the MXBean's row for the mapping shows at least {@code bytes} resident; prints the row. */
    private static void await(MappingsView view, String step, long bytes) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        CompositeData row = null;
        while (System.currentTimeMillis() < deadline) {
            List<CompositeData> rows = view.from("MapFileApp.mapRegion");
            row = rows.isEmpty() ? null : rows.get(0);
            if (row != null && (Long) row.get("residentBytes") >= bytes) {
                break;
            }
            Thread.sleep(100);
        }
        System.out.println("ROW " + step + " " + (row == null ? "none" : MappingsView.format(row)));
        Thread.sleep(15 * PERIOD_MILLIS);
    }

    private static Mapping find(Path file) {
        for (Mapping m : Mappings.read().all()) {
            if (m.path().equals(file.toString()) && m.size() == SIZE) {
                return m;
            }
        }
        throw new IllegalStateException("no mapping of " + file + " in /proc/self/smaps");
    }
}
