package com.acme;

/** Calls the traced {@code check} four times; the third call throws. */
public final class FailingApp {
    private FailingApp() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < 4; i++) {
            try {
                System.out.println("check " + i + " = " + check(i));
            } catch (IllegalStateException e) {
                System.out.println("check " + i + " threw " + e.getMessage());
            }
        }
    }

    static int check(int i) {
        if (i == 2) {
            throw new IllegalStateException("bad " + i);
        }
        return i * 10;
    }
}
