package dev.faultline.junit;

import static dev.faultline.junit.testing.FreshPages.PAGES;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.FreshPages;

/** Run by {@link MemoryBudgetTest}: a class budget, a method that overrides it, a nested class under it. */
@MemoryBudget(minorFaults = PAGES / 2)
class ClassBudgetSample {

    @BeforeAll
    static void warmUp() {
        FreshPages.warmUp();
    }

    @Test
    void touchesUnderTheClassBudget() {
        FreshPages.touch(PAGES);
    }

    @Test
    @MemoryBudget(minorFaults = 2 * PAGES + ThreadFaultsSample.MARGIN)
    void touchesUnderItsOwnLargerBudget() {
        FreshPages.touch(PAGES);
    }

    @Nested
    class Inner {
        @Test
        void touchesUnderTheEnclosingClassBudget() {
            FreshPages.touch(PAGES);
        }
    }
}
