package com.acme;

/**
 * Calls the traced {@code tick} {@code args[0]} times in a burst that starts just after a
 * whole second of {@link System#nanoTime()}, the clock that the agent's per-second rate
 * limit counts in, so that the burst falls within one second.
 */
public final class TickApp {
    private static long ticks;

    private TickApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        int calls = Integer.parseInt(args[0]);
        long intoSecond = System.nanoTime() % 1_000_000_000L;
        Thread.sleep((1_000_000_000L - intoSecond) / 1_000_000L + 1);
        for (int i = 0; i < calls; i++) {
            tick();
        }
        System.out.println("ticks " + ticks);
    }

    static void tick() {
        ticks++;
    }
}
