package dev.faultline.agent.it.platformapps;

import dev.faultline.nativebridge.NativeMemory;

/**
 * Touches fresh pages: {@code TouchApp PAGES CALLS [EXIT_CODE]} maps a new private mapping
 * of PAGES base pages (no huge pages, so one page is one minor fault) CALLS times and
 * calls {@link NativeMemory#touch} once on each, which the tests trace
 * ({@link #TRACED}). Exits with EXIT_CODE (default 0).
 */
public final class TouchApp {
    /** The method the tests trace: the one that touches the pages. */
    public static final String TRACED = "dev.faultline.nativebridge.NativeMemory#touch";

    private TouchApp() {
    }

    public static void main(String[] args) {
        int pages = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        int exitCode = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        for (int i = 0; i < calls; i++) {
            touchFresh(pages);
        }
        System.out.println("touched " + pages + " pages " + calls + " times");
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Maps, touches and unmaps PAGES fresh pages. */
    static void touchFresh(int pages) {
        try (NativeMemory memory = NativeMemory.map(pages * NativeMemory.pageSize(), NativeMemory.Option.NO_HUGE_PAGES)) {
            memory.touch(0, pages);
        }
    }
}
