package com.acme;

import dev.faultline.annotation.Trace;

/** {@code @Trace} on a method ({@code load}) and on a type ({@code Catalog}); {@code helper} and {@code main} are not traced. */
@SuppressWarnings("faultline") // trivial bodies on purpose: the tests are about selection
public final class TraceAnnotationApp {
    private TraceAnnotationApp() {
    }

    public static void main(String[] args) {
        Catalog catalog = new Catalog();
        System.out.println(load() + " " + helper() + " " + catalog.count() + " " + catalog.name());
    }

    @Trace
    static int load() {
        return 1;
    }

    static int helper() {
        return 2;
    }

    /** Every method of this type is traced. */
    @Trace
    static final class Catalog {
        int count() {
            return 3;
        }

        String name() {
            return "catalog";
        }
    }
}
