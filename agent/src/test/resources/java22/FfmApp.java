// A Java 22+ program, run from source by the tests (java FfmApp.java DIR): the agent's
// tests are compiled for Java 17, which has no FFM API.

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * {@code FfmApp DIR}: FFM native allocations and a file mapping into an arena, each found
 * in its own Mappings MXBean by its size; then the arena closed (or, for an automatic
 * arena, dropped) and the MXBean read until they are gone. Prints {@code OWN}, {@code ROW}
 * and {@code GONE} lines.
 */
public final class FfmApp {
    static final long ALLOCATED = (3 << 20) + 4096;
    static final long MAPPED = (5 << 20) + 4096;
    static final long AUTO = (6 << 20) + 4096;
    static final long SMALL = 100;

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile(Path.of(args[0]), "ffm", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment allocated = allocate(arena, ALLOCATED);
                allocated.fill((byte) 1);
                MemorySegment mapped = map(channel, arena);
                mapped.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
                allocate(arena, SMALL);
                System.out.println("OWN allocated=" + allocated.address() + "; mapped=" + mapped.address());
                await("allocated", ALLOCATED, true);
                await("mapped", MAPPED, true);
                System.out.println("ROW small " + (row(SMALL) != null));
            }
            await("allocated", ALLOCATED, false);
            await("mapped", MAPPED, false);
            WeakReference<Arena> auto = autoArena();
            for (int i = 0; i < 200 && (auto.get() != null || row(AUTO) != null); i++) {
                System.gc();
                Thread.sleep(50);
            }
            System.out.println("GONE auto " + (row(AUTO) == null) + " collected " + (auto.get() == null));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static MemorySegment allocate(Arena arena, long size) {
        return arena.allocate(size);
    }

    static MemorySegment map(FileChannel channel, Arena arena) throws Exception {
        return channel.map(FileChannel.MapMode.READ_WRITE, 0, MAPPED, arena);
    }

    static WeakReference<Arena> autoArena() throws Exception {
        Arena arena = Arena.ofAuto();
        MemorySegment segment = allocate(arena, AUTO);
        segment.fill((byte) 2);
        await("auto", AUTO, true);
        return new WeakReference<>(arena);
    }

    /** Waits (up to 20 s) until the row of that size is there and measured, or gone; prints it. */
    static void await(String what, long size, boolean present) throws Exception {
        CompositeData row = row(size);
        for (int i = 0; i < 400 && (present ? row == null || (Long) row.get("residentBytes") < 0 : row != null); i++) {
            Thread.sleep(50);
            row = row(size);
        }
        if (present) {
            System.out.println("ROW " + what + " " + format(row));
        } else {
            System.out.println("GONE " + what + " " + (row == null));
        }
    }

    /** The row of that size; {@code null} when there is none, or the agent has not registered its MXBean yet. */
    static CompositeData row(long size) throws Exception {
        ObjectName mappings = new ObjectName("dev.faultline:type=Mappings");
        if (!SERVER.isRegistered(mappings)) {
            return null; // the agent's services start a moment after premain (0.8 s here), the app may be faster
        }
        for (CompositeData row : (CompositeData[]) SERVER.getAttribute(mappings, "TopMappings")) {
            if ((Long) row.get("sizeBytes") == size) {
                return row;
            }
        }
        return null;
    }

    static String format(CompositeData row) {
        if (row == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (String key : new String[] {"kind", "address", "sizeBytes", "residentBytes", "file", "origin"}) {
            sb.append(key).append('=').append(row.get(key)).append("; ");
        }
        return sb.toString();
    }
}
