package dev.faultline.junit.testing;

import dev.faultline.nativebridge.NativeMemory;

/**
 * Touches fresh anonymous pages, the ground truth of the fault budgets: without huge pages
 * one written page is one minor fault of the writing thread, and mincore confirms that
 * each page became resident.
 */
public final class FreshPages {
    /** Pages the samples touch: 16 MiB of base pages. */
    public static final int PAGES = 4096;

    private FreshPages() {
    }

    /** Maps, touches and unmaps {@code pages} pages; fails when mincore does not see them all resident. */
    public static void touch(int pages) {
        try (NativeMemory memory = map(pages)) {
            memory.touch(0, pages);
            long resident = memory.residency().residentPages();
            if (resident != pages) {
                throw new AssertionError("touched " + pages + " pages, mincore sees " + resident + " resident");
            }
        }
    }

    /** A fresh mapping of {@code pages} base pages, none resident yet. */
    public static NativeMemory map(int pages) {
        return NativeMemory.map(pages * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES);
    }

    /** Loads and links what a first {@link #touch} would otherwise fault in on the test thread. */
    public static void warmUp() {
        touch(1);
    }
}
