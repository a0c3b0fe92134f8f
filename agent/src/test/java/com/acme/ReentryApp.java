package com.acme;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Routes {@code System.err} through its own {@code Tee} stream, whose traced methods the
 * agent then calls while it writes a dump (sink=stderr): a traced method called from
 * inside tracing.
 */
public final class ReentryApp {
    private ReentryApp() {
    }

    public static void main(String[] args) {
        System.setErr(new PrintStream(new Tee(System.err), true));
        System.out.println("loaded " + load());
    }

    static int load() {
        return 7;
    }

    /** Passes every byte on to the original stream. */
    static final class Tee extends OutputStream {
        private final PrintStream target;

        Tee(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.write(b, off, len);
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
