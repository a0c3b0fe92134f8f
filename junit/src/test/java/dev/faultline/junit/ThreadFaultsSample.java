package dev.faultline.junit;

import static dev.faultline.junit.testing.FreshPages.PAGES;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.ColdFilePages;
import dev.faultline.junit.testing.FreshPages;

/** Run by {@link MemoryBudgetTest}: tests that touch {@link FreshPages#PAGES} fresh pages, on their thread or another. */
class ThreadFaultsSample {
    /** Room for what the body costs besides the pages (JUnit's reflective call, the mapping's objects). */
    static final int MARGIN = 256;
    /** File pages read from disk by {@link #readsColdFilePages}: one major fault each. */
    static final int COLD_PAGES = 256;

    @BeforeAll
    static void warmUp() {
        FreshPages.warmUp();
        ColdFilePages.read(1);
    }

    @Test
    @MemoryBudget(minorFaults = PAGES / 2)
    void touchesTwiceItsBudget() {
        FreshPages.touch(PAGES);
    }

    @Test
    @MemoryBudget(minorFaults = 2 * PAGES + MARGIN)
    void touchesWithinItsBudget() {
        FreshPages.touch(PAGES);
    }

    @Test
    @MemoryBudget(minorFaults = PAGES / 2)
    void touchesOnAnotherThread() throws InterruptedException {
        onAnotherThread();
    }

    @Test
    @MemoryBudget(minorFaults = PAGES / 2, scope = Scope.PROCESS)
    void touchesOnAnotherThreadCountedForTheProcess() throws InterruptedException {
        onAnotherThread();
    }

    @Test
    @MemoryBudget(majorFaults = 0)
    void touchesAnonymousPagesWithoutMajorFaults() {
        FreshPages.touch(PAGES);
    }

    @Test
    @MemoryBudget(majorFaults = 0)
    void readsColdFilePages() {
        ColdFilePages.read(COLD_PAGES);
    }

    @Test
    @MemoryBudget(minorFaults = 16)
    void failsOnItsOwnAndOverBudget() {
        FreshPages.touch(PAGES);
        fail("the test's own failure");
    }

    @RepeatedTest(2)
    @MemoryBudget(minorFaults = PAGES / 2)
    void touchesTwiceItsBudgetEachTime() {
        FreshPages.touch(PAGES);
    }

    private static void onAnotherThread() throws InterruptedException {
        Thread other = new Thread(() -> FreshPages.touch(PAGES), "other");
        other.start();
        other.join();
    }
}
