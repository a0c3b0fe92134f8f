// The agent never traces its own packages (dev.faultline.agent.*), so the test
// applications live in com.acme, the package DESIGN.md's examples use.
package com.acme;

/**
 * Calls the traced {@code load} through reflection (so that native code lies between Java
 * frames); {@code load} prints its own stack, as {@link Thread#getStackTrace()} shows it,
 * without the {@code getStackTrace} frame, one {@code STACK frame} line each, so that a
 * test can compare it with the dump.
 */
public final class StoreApp {
    private StoreApp() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        System.out.println("loaded " + open());
    }

    static int open() throws ReflectiveOperationException {
        return (Integer) StoreApp.class.getDeclaredMethod("load").invoke(null);
    }

    static int load() {
        StackTraceElement[] stack = Thread.currentThread().getStackTrace(); // the first line: the entry dump's line
        for (int i = 1; i < stack.length; i++) {
            System.out.println("STACK " + stack[i]);
        }
        return 42;
    }
}
