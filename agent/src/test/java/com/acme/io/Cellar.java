// In a sub-package of com.acme, for the pattern tests: '*' stays within a segment, '**' crosses.
package com.acme.io;

/** Called by {@code com.acme.GlobApp}. */
public final class Cellar {
    private Cellar() {
    }

    public static String readDeep() {
        return "d";
    }

    public static String write() {
        return "W";
    }
}
