package com.acme;

/**
 * Recurses through the traced {@code descend} until the stack overflows, catches the
 * {@link StackOverflowError}, then calls the traced {@code after}.
 */
public final class DeepRecursionApp {
    private DeepRecursionApp() {
    }

    public static void main(String[] args) {
        try {
            descend(0);
            System.out.println("no overflow");
        } catch (StackOverflowError e) {
            System.out.println("caught StackOverflowError");
        }
        System.out.println("after " + after());
    }

    static int descend(int depth) {
        return descend(depth + 1) + 1;
    }

    static String after() {
        return "still running";
    }
}
