package com.acme;

import java.util.function.IntSupplier;

/**
 * Holds methods that exist but cannot be traced: a native method (never called), a class
 * initializer, a lambda's synthetic body, and a default method that {@link Polite} inherits
 * from {@link Greeter}.
 */
public final class UntraceableApp {
    static final int SEED;

    static {
        SEED = Integer.getInteger("seed", 7);
    }

    private UntraceableApp() {
    }

    /** Declared, never called: no library provides it. */
    static native long nativeClock();

    public static void main(String[] args) {
        IntSupplier twice = () -> SEED * 2;
        System.out.println(new Polite().greet() + " " + twice.getAsInt());
    }

    /** An interface with a default method. */
    public interface Greeter {
        default String greet() {
            return "hello";
        }
    }

    /** Inherits {@code greet} without declaring it. */
    public static final class Polite implements Greeter {
    }
}
