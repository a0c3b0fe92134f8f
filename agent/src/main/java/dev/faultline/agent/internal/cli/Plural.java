package dev.faultline.agent.internal.cli;

/** A count with its noun in the right number: {@code 1 method}, {@code 2 methods}. */
final class Plural {
    private Plural() {
    }

    /** {@code n} and {@code noun}, with an {@code s} unless {@code n} is 1. */
    static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
