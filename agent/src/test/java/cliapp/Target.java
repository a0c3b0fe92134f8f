// Package cliapp, outside dev.faultline.agent.*, which the agent never instruments.
package cliapp;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A long-running app for the CLI to attach to: prints {@code target ready}, then calls
 * {@link #work} every few milliseconds and prints {@code work N} after each call, all on
 * stderr (where the agent's {@code sink=stderr} dumps go too, so one stream shows their
 * order). Exits when its stdin closes or after {@code args[0]} seconds (default 120).
 */
public final class Target {
    /** The pattern that traces {@link #work}. */
    public static final String WORK = Target.class.getName() + "#work";
    /** How the first line of a dump of {@link #work} starts. */
    public static final String WORK_FRAME = Target.class.getName() + ".work(";

    private Target() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 120;
        Thread stdin = new Thread(Target::exitWhenStdinCloses, "stdin-watcher");
        stdin.setDaemon(true);
        stdin.start();
        System.err.println("target ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long sum = 0;
        for (int i = 1; System.nanoTime() < deadline; i++) {
            sum += work(i);
            System.err.println("work " + i);
            Thread.sleep(20);
        }
        System.err.println("target timed out after " + seconds + " s (" + sum + ")");
        System.exit(0);
    }

    /** The traced method. */
    public static int work(int i) {
        return Integer.bitCount(i * 31);
    }

    private static void exitWhenStdinCloses() {
        try {
            while (System.in.read() >= 0) {
                // the test never writes; it closes stdin or kills us
            }
        } catch (IOException e) {
            // closed too
        }
        System.exit(0);
    }
}
