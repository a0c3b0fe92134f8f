package dev.faultline.nativebridge.internal;

import java.io.IOException;

/**
 * A per-thread scratch buffer for reading small {@code /proc} files again and again
 * without allocating: the bytes of the last read and a few parsed numbers.
 *
 * <p>Not shared between threads: get this thread's with {@link #get()} and use it before
 * calling anything else that might use it too.
 */
public final class ReadBuffer {
    private static final int INITIAL = 4096;
    private static final int MAX = 1 << 20;
    private static final ThreadLocal<ReadBuffer> BUFFERS = new ThreadLocal<>() {
        @Override
        protected ReadBuffer initialValue() {
            return new ReadBuffer();
        }
    }; // not withInitial(ReadBuffer::new): a lambda costs milliseconds of the host's start-up

    /** The bytes of the last {@link #fill}; only the first {@link #length()} are valid. */
    private byte[] bytes = new byte[INITIAL];
    private int length;
    /** Scratch for {@link ProcParsers#keyedValues}, sized by the caller through {@link #values(int)}. */
    private long[] values = new long[16];

    private ReadBuffer() {
    }

    /** This thread's buffer. */
    public static ReadBuffer get() {
        return BUFFERS.get();
    }

    /**
     * Reads all of {@code file} into this buffer, growing it when the file does not fit
     * (a {@code status} file grows with the number of CPUs and groups).
     *
     * @return the number of bytes read
     */
    public int fill(ProcFile file) throws IOException {
        while (true) {
            try {
                length = file.read(bytes);
                return length;
            } catch (ProcFile.TooLargeException e) {
                if (bytes.length >= MAX) {
                    throw e;
                }
                bytes = new byte[bytes.length * 2];
            }
        }
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** A scratch array of at least {@code n} longs, reused by this thread. */
    public long[] values(int n) {
        if (values.length < n) {
            values = new long[n];
        }
        return values;
    }
}
