package com.acme;

import dev.faultline.annotation.Trace;

/**
 * Traced through an index written for it by the test: {@code indexed} carries no
 * {@code @Trace}; {@code annotatedButNotIndexed} does, but a class that an index covers is
 * never scanned.
 */
@SuppressWarnings("faultline") // trivial bodies on purpose: the tests are about selection
public final class IndexedApp {
    private IndexedApp() {
    }

    public static void main(String[] args) {
        System.out.println(indexed("a") + " " + annotatedButNotIndexed());
    }

    static String indexed(String s) {
        return s + "!";
    }

    @Trace
    static String annotatedButNotIndexed() {
        return "b";
    }
}
