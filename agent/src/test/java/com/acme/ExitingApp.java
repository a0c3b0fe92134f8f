package com.acme;

/** A {@code main} that ends in {@code System.exit}: the traced {@code main} never returns, {@code step} does. */
public final class ExitingApp {
    private ExitingApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            step();
        }
        System.exit(0);
    }

    static void step() throws InterruptedException {
        Thread.sleep(2);
    }
}
