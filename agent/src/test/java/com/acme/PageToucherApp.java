package com.acme;

import dev.faultline.nativebridge.NativeMemory;

/**
 * Touches fresh base pages in the traced {@code touch}: first a few (a warm-up that loads
 * what touching needs), then {@code args[0]} pages, each one minor fault.
 */
public final class PageToucherApp {
    private PageToucherApp() {
    }

    public static void main(String[] args) {
        long pages = Long.parseLong(args[0]);
        try (NativeMemory warmUp = NativeMemory.map(16 * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES);
             NativeMemory memory = NativeMemory.map(pages * NativeMemory.pageSize(),
                     NativeMemory.Option.NO_HUGE_PAGES)) {
            touch(warmUp, warmUp.pages());
            touch(memory, pages);
            System.out.println("touched " + pages);
        }
    }

    static void touch(NativeMemory memory, long pages) {
        memory.touch(0, pages);
    }
}
