package com.acme;

/**
 * Classes whose static initializers print and call each other's traced methods: the order
 * in which they are initialized shows in the output.
 */
public final class ClinitApp {
    private ClinitApp() {
    }

    public static void main(String[] args) {
        System.out.println("main starts");
        System.out.println("gamma " + Gamma.value());
        System.out.println("alpha " + Alpha.value());
        System.out.println("beta " + Beta.VALUE);
    }

    static final class Alpha {
        static final int BASE;

        static {
            System.out.println("init Alpha");
            BASE = 1;
        }

        static int value() {
            return BASE + Beta.VALUE;
        }
    }

    static final class Beta {
        static final Integer VALUE;

        static {
            System.out.println("init Beta");
            VALUE = compute();
        }

        static int compute() {
            return 10;
        }
    }

    static final class Gamma {
        static {
            System.out.println("init Gamma");
        }

        static int value() {
            return Alpha.value() * 100;
        }
    }
}
