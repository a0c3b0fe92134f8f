package dev.faultline.junit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Reads pages of a file that are not in the page cache, the ground truth of major faults:
 * the file is written and synced, dropped from the cache ({@code posix_fadvise
 * DONTNEED}), mapped with read-ahead off ({@code MADV_RANDOM}), and each page read once
 * is one major fault of the reading thread (measured here: 1024 pages, 1024 faults).
 */
public final class ColdFilePages {
    private static final int PAGE = 4096;
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int PROT_READ = 1;
    private static final int MAP_SHARED = 1;
    private static final int MADV_RANDOM = 1;

    /** The C library calls this needs, with their C names. */
    public interface LibC {
        int open(String path, int flags);

        int close(int fd);

        int posix_fadvise(int fd, long offset, long length, int advice);

        /** The address as a Pointer: JNR corrupts the 6th argument of an all-primitive call. */
        long mmap(Pointer address, long length, int prot, int flags, int fd, long offset);

        int madvise(long address, long length, int advice);

        int munmap(long address, long length);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private ColdFilePages() {
    }

    /** Writes a file of {@code pages} pages under {@code target/}, evicts it and reads every page through a mapping. */
    public static void read(int pages) {
        try {
            Path file = Files.createTempFile(Path.of("target"), "cold-pages", ".bin");
            try {
                write(file, pages);
                readEvicted(file, pages);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, int pages) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            for (int i = 0; i < pages; i++) {
                page.clear();
                page.put(0, (byte) i);
                channel.write(page);
            }
            channel.force(true); // clean pages: the only ones posix_fadvise can drop
        }
    }

    private static void readEvicted(Path file, int pages) {
        long length = (long) pages * PAGE;
        int fd = LIBC.open(file.toString(), O_RDONLY);
        check(fd >= 0, "open");
        try {
            check(LIBC.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0, "posix_fadvise");
            long address = LIBC.mmap(null, length, PROT_READ, MAP_SHARED, fd, 0);
            check(address != -1, "mmap");
            try {
                check(LIBC.madvise(address, length, MADV_RANDOM) == 0, "madvise");
                Pointer memory = Runtime.getSystemRuntime().getMemoryManager().newPointer(address, length);
                int sum = 0;
                for (int i = 0; i < pages; i++) {
                    sum += memory.getByte((long) i * PAGE);
                }
                check(sum != Integer.MIN_VALUE, "read"); // keeps the reads
            } finally {
                LIBC.munmap(address, length);
            }
        } finally {
            LIBC.close(fd);
        }
    }

    private static void check(boolean ok, String call) {
        if (!ok) {
            throw new IllegalStateException(call + " failed (errno "
                    + Runtime.getSystemRuntime().getLastError() + ")");
        }
    }
}
