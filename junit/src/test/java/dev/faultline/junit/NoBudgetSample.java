package dev.faultline.junit;

import static dev.faultline.junit.testing.FreshPages.PAGES;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.faultline.junit.internal.BudgetExtension;
import dev.faultline.junit.testing.FreshPages;

/** Run by {@link MemoryBudgetTest}: the extension registered by hand, and no budget anywhere. */
@ExtendWith(BudgetExtension.class)
class NoBudgetSample {

    @Test
    void touchesWithoutABudget() {
        FreshPages.touch(PAGES);
    }
}
