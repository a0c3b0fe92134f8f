package com.acme;

import dev.faultline.annotation.Trace;

/** {@code @Trace} elements: each method sets something else; {@code Ledger} sets defaults on its type. */
@SuppressWarnings("faultline") // trivial bodies on purpose: the tests are about selection
public final class TraceOptionsApp {
    private TraceOptionsApp() {
    }

    public static void main(String[] args) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += everyThird(i);
        }
        System.out.println("sum " + sum + " " + atExit() + " " + labelled() + " " + shallow());
        Ledger ledger = new Ledger(5);
        System.out.println("ledger " + ledger.total() + " " + ledger.entry());
    }

    @Trace(every = 3)
    static int everyThird(int i) {
        return i;
    }

    @Trace(dump = "exit")
    static String atExit() {
        return "exit";
    }

    @Trace(label = "checkout path")
    static String labelled() {
        return "label";
    }

    @Trace(depth = 1)
    static String shallow() {
        return "shallow";
    }

    /** Type-level values with one method overriding them; constructors traced on request. */
    @Trace(dump = "exit", label = "ledger", constructors = true)
    static final class Ledger {
        private final int amount;

        Ledger(int amount) {
            this.amount = amount;
        }

        int total() {
            return amount * 2;
        }

        @Trace(dump = "entry")
        int entry() {
            return amount;
        }
    }
}
