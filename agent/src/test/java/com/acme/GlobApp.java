package com.acme;

import com.acme.io.Cellar;

/** Calls methods whose names and packages the pattern tests choose among: each once. */
public final class GlobApp {
    private GlobApp() {
    }

    public static void main(String[] args) {
        System.out.println(readAll() + readOne() + write() + Cellar.readDeep() + Cellar.write());
    }

    static String readAll() {
        return "a";
    }

    static String readOne() {
        return "o";
    }

    static String write() {
        return "w";
    }
}
