package dev.faultline.nativebridge.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small {@code /proc} file read again and again: the descriptor is opened once and each
 * read is one {@code pread} at offset 0 (the kernel regenerates the content on every read
 * at offset 0). About 1 µs, against 7 µs for {@code Files.readAllBytes}.
 *
 * <p>Where libc is not bound, each read opens the file and reads it with one
 * {@code read} call (a sysctl file read in pieces returns end-of-file after the first).
 * So it is while libc is being loaded in the background ({@link Natives#libcIfReady()}):
 * the descriptor is opened by the first read after that.
 * An instance is safe to share between threads: each read fills a caller-supplied buffer.
 */
public final class ProcFile implements AutoCloseable {

    /** The file did not fit in the buffer given to {@link #read}; retry with a larger one. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(Path path, int size) {
            super(path + ": larger than " + size + " bytes");
        }
    }

    /** {@link #fd} before the descriptor was asked for (libc was still loading). */
    private static final int NOT_YET = -2;

    private final Path path;
    private volatile int fd;

    private ProcFile(String path, int fd) {
        this.path = Path.of(path);
        this.fd = fd;
    }

    /** Opens {@code path}; never throws (a file that cannot be opened fails on read). */
    public static ProcFile open(String path) {
        Natives.Loaded<LibC> libc = Natives.libcIfReady();
        if (libc == null) {
            return new ProcFile(path, NOT_YET);
        }
        return new ProcFile(path, descriptor(libc.library(), path));
    }

    /**
     * Opens {@code path} to be read again and again, or returns {@code null} when it cannot be
     * opened: a file this kernel or cgroup does not have costs nothing on later reads. While
     * libc is still loading the file cannot be tried: it is returned unopened and opened by its
     * first read after that (a missing file then fails each read).
     */
    public static ProcFile openIfPresent(String path) {
        ProcFile file = open(path);
        if (file.fd == -1) {
            return null;
        }
        return file;
    }

    /**
     * A file read with a fresh descriptor each time, never a kept one: for
     * {@code /proc/thread-self} files, which a kept descriptor would read for the thread
     * that opened it.
     */
    public static ProcFile eachRead(String path) {
        return new ProcFile(path, -1);
    }

    private static int descriptor(LibC libc, String path) {
        return libc == null ? -1 : libc.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
    }

    /** The descriptor, opened now if libc has become ready since; negative for "read the file each time". */
    private int descriptor() {
        int descriptor = fd;
        if (descriptor == NOT_YET) {
            synchronized (this) {
                descriptor = fd;
                if (descriptor == NOT_YET) {
                    Natives.Loaded<LibC> libc = Natives.libcIfReady();
                    if (libc == null) {
                        return -1;
                    }
                    descriptor = descriptor(libc.library(), path.toString());
                    fd = descriptor;
                }
            }
        }
        return descriptor;
    }

    public Path path() {
        return path;
    }

    /**
     * Whether a descriptor is held (false: libc is not bound or not loaded yet, the open
     * failed, or it was closed).
     */
    public boolean isOpen() {
        return descriptor() >= 0;
    }

    /**
     * Reads the whole file into {@code buffer}; returns the number of bytes read.
     *
     * @throws TooLargeException when the file does not fit in the buffer
     * @throws IOException when the file cannot be read
     */
    public int read(byte[] buffer) throws IOException {
        int descriptor = descriptor();
        if (descriptor >= 0) {
            long n = Natives.libc().library().pread(descriptor, buffer, buffer.length, 0);
            if (n < 0) {
                int errno = Natives.errno();
                throw new IOException(path + ": " + Natives.strerror(errno) + " (errno " + errno + ")");
            }
            if (n == buffer.length) {
                throw new TooLargeException(path, buffer.length);
            }
            return (int) n;
        }
        try (FileInputStream in = new FileInputStream(path.toFile())) {
            int n = Math.max(0, in.read(buffer));
            if (n == buffer.length) {
                throw new TooLargeException(path, buffer.length);
            }
            return n;
        }
    }

    /** Reads the whole file as text (for files read rarely). */
    public String readString() throws IOException {
        return new String(Files.readAllBytes(path), StandardCharsets.US_ASCII);
    }

    /** Closes the descriptor; later reads fall back to opening the file each time. */
    @Override
    public synchronized void close() {
        int descriptor = fd;
        fd = -1;
        if (descriptor >= 0) {
            Natives.libc().library().close(descriptor);
        }
    }
}
