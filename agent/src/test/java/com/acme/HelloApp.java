package com.acme;

/** Prints a greeting that the traced {@code greet} makes. */
public final class HelloApp {
    private HelloApp() {
    }

    public static void main(String[] args) {
        System.out.println(greet("world"));
    }

    static String greet(String name) {
        return "hello, " + name;
    }
}
