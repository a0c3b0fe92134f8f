package dev.faultline.agent.internal.sink;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Dumps appended to a file, each written whole under a lock. */
public final class FileSink implements Sink {
    private final Path path;
    private final OutputStream out;
    private boolean failed;

    private FileSink(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /**
     * Opens {@code path} for appending.
     *
     * @throws IOException with a message naming the path when it cannot be opened
     */
    public static FileSink open(Path path) throws IOException {
        try {
            return new FileSink(path, new FileOutputStream(path.toFile(), true));
        } catch (IOException e) {
            throw new IOException("cannot open '" + path + "' for appending: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void write(String dump, ClassLoader appLoader) {
        if (failed) {
            return;
        }
        try {
            out.write(dump.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            failed = true;
            System.err.println("faultline: error: writing dumps to '" + path + "' failed, no more dumps are written: " + e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // closing at exit: nothing left to tell
        }
    }
}
