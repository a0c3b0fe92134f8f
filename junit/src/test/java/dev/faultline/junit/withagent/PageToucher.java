package dev.faultline.junit.withagent;

import dev.faultline.junit.testing.FreshPages;

/** The code under test of the with-agent samples; surefire's argLine has the agent trace {@link #TRACED}. */
public final class PageToucher {
    /** As the pom's {@code faultline.junit.traced} property names it to the agent. */
    public static final String TRACED = "dev.faultline.junit.withagent.PageToucher#touchFresh";
    public static final String UNTRACED = "dev.faultline.junit.withagent.PageToucher#touchUntraced";
    /** Traced too (the pom's {@code faultline.junit.sleeper}), with the wall-time split ({@code sched=true}). */
    public static final String SLEEPER = "dev.faultline.junit.withagent.PageToucher#sleep";

    private PageToucher() {
    }

    /** Touches {@code pages} fresh pages in one traced call. */
    public static void touchFresh(int pages) {
        FreshPages.touch(pages);
    }

    /** The same work, not traced. */
    public static void touchUntraced(int pages) {
        FreshPages.touch(pages);
    }

    /** Sleeps {@code millis} in one traced call: blocked for that long. */
    public static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
