package dev.faultline.agent.internal.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The terminal {@code top} draws on: keys without Enter (the tty put in non-canonical,
 * no-echo mode with {@code stty}, and put back as it was on close, also on Ctrl-C), a
 * hidden cursor, and a screen redrawn from its top-left corner. Where {@code stty} fails
 * the keys need Enter; nothing else changes.
 */
final class Terminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");
    private static final String CLEAR = "\033[H\033[2J";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";

    private final PrintStream out;
    private final InputStream in;
    private final String saved;
    private final Thread restoreHook;
    private boolean closed;

    private Terminal(PrintStream out, InputStream in, String saved) {
        this.out = out;
        this.in = in;
        this.saved = saved;
        this.restoreHook = new Thread(this::restore, "faultline-top-terminal");
        Runtime.getRuntime().addShutdownHook(restoreHook);
        out.print(HIDE_CURSOR);
        out.flush();
    }

    /** Takes over the terminal. */
    static Terminal open(PrintStream out, InputStream in) {
        String saved = stty("-g");
        if (saved != null && stty("-icanon", "-echo", "min", "1") == null) {
            saved = null;
        }
        return new Terminal(out, in, saved == null ? null : saved.trim());
    }

    /** Whether block characters can be printed (the console's charset can encode them). */
    static boolean blocks() {
        java.io.Console console = System.console();
        return console != null && console.charset().newEncoder().canEncode('█');
    }

    /** Clears the screen and prints these lines. */
    void draw(Iterable<String> lines) {
        StringBuilder screen = new StringBuilder(CLEAR);
        for (String line : lines) {
            screen.append(line).append("\033[K\n");
        }
        out.print(screen);
        out.flush();
    }

    /** Waits up to {@code millis}; returns {@code true} at once when {@code q} is pressed. */
    boolean waitForQuit(long millis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            while (in.available() > 0) {
                int c = in.read();
                if (c == 'q' || c == 'Q' || c < 0) {
                    return true;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreHook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs restore, which is done already
        }
    }

    private synchronized void restore() {
        if (closed) {
            return;
        }
        closed = true;
        if (saved != null) {
            stty(saved);
        }
        out.print(SHOW_CURSOR);
        out.flush();
    }

    /** Runs {@code stty ARGS} on the terminal; its output, or {@code null} when it failed. */
    private static String stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            process.getInputStream().transferTo(output);
            return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0
                    ? output.toString(StandardCharsets.US_ASCII) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
