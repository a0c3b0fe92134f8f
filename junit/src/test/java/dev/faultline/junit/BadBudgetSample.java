package dev.faultline.junit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Run by {@link MemoryBudgetTest}: budgets written wrong; no body may run. */
class BadBudgetSample {

    @Test
    @MemoryBudget(rssGrowth = "64MB")
    void decimalUnit() {
        fail("the body ran");
    }

    @Test
    @MemoryBudget(rssGrowth = "lots")
    void noNumber() {
        fail("the body ran");
    }

    @Test
    @MemoryBudget(minHeadroom = "12 apples")
    void headroomWithoutAUnit() {
        fail("the body ran");
    }

    @Test
    @MemoryBudget(minHeadroom = "150%")
    void headroomAboveTheWholeLimit() {
        fail("the body ran");
    }

    @Test
    @MemoryBudget
    void noLimit() {
        fail("the body ran");
    }

    @Test
    @MemoryBudget(minorFaults = -5)
    void negativeLimit() {
        fail("the body ran");
    }

    @Test
    @MethodBudget(method = "com.acme.Store.load", majorFaults = 0)
    void methodWithoutHash() {
        fail("the body ran");
    }

    @Test
    @MethodBudget(method = "com.acme.Store#load")
    void methodBudgetWithoutLimit() {
        fail("the body ran");
    }

    @TestFactory
    @MemoryBudget(minorFaults = 0)
    List<DynamicTest> factory() {
        return List.of(DynamicTest.dynamicTest("dynamic", () -> fail("the body ran")));
    }
}
