package dev.faultline.junit.withagent;

import static dev.faultline.junit.testing.FreshPages.PAGES;
import static dev.faultline.junit.withagent.PageToucher.TRACED;
import static dev.faultline.junit.withagent.PageToucher.SLEEPER;
import static dev.faultline.junit.withagent.PageToucher.UNTRACED;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.MemoryBudget;
import dev.faultline.junit.MethodBudget;

/** Run by {@link MethodBudgetWithAgentTest} in a JVM where the agent traces {@link PageToucher#TRACED}. */
class TracedSample {
    /** Room for what the traced call costs besides the pages (the mapping's objects, the agent's own reads). */
    static final int MARGIN = 256;

    @BeforeAll
    static void warmUp() {
        PageToucher.touchFresh(1);
        PageToucher.touchUntraced(1);
    }

    @Test
    @MethodBudget(method = TRACED, minorFaults = PAGES / 2)
    void touchesTwiceTheBudgetInATracedCall() {
        PageToucher.touchFresh(PAGES);
    }

    @Test
    @MethodBudget(method = TRACED, minorFaults = 2 * PAGES + MARGIN, majorFaults = 0)
    void touchesWithinTheBudgetInATracedCall() {
        PageToucher.touchFresh(PAGES);
    }

    @Test
    @MethodBudget(method = UNTRACED, minorFaults = 0)
    void budgetsAnUntracedMethod() {
        PageToucher.touchUntraced(PAGES);
    }

    @Test
    @MethodBudget(method = TRACED, minorFaultsPerCall = PAGES / 2, majorFaultsPerCall = 0)
    void touchesTwiceThePerCallBudget() {
        PageToucher.touchFresh(16);
        PageToucher.touchFresh(PAGES);
    }

    @Test
    @MemoryBudget(minorFaults = PAGES / 2)
    void touchesTwiceTheMemoryBudgetInATracedCall() {
        PageToucher.touchFresh(PAGES);
    }

    @Test
    @MethodBudget(method = SLEEPER, blockedMillis = 10)
    void sleepsFiftyMillisecondsOverABlockedBudgetOfTen() throws InterruptedException {
        PageToucher.sleep(50);
    }

    @Test
    @MethodBudget(method = SLEEPER, blockedMillis = 500)
    void sleepsFiftyMillisecondsWithinABlockedBudget() throws InterruptedException {
        PageToucher.sleep(50);
    }
}
