package dev.faultline.junit;

import static dev.faultline.junit.testing.FreshPages.PAGES;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.FakeTracer;
import dev.faultline.junit.testing.FreshPages;

/**
 * Run by {@link MethodBudgetTest} with and without a stand-in Tracer MXBean: calls of
 * traced methods recorded as the agent would record them.
 */
@MethodBudget(method = MethodBudgetSample.LOAD, majorFaults = 0)
class MethodBudgetSample {
    static final String LOAD = "com.acme.Store#load";
    static final String SCAN = "com.acme.Index#scan";

    @BeforeAll
    static void warmUp() {
        FreshPages.warmUp();
    }

    @Test
    void loadsWithoutMajorFaults() {
        FakeTracer.call(LOAD, 10, 0);
    }

    @Test
    void loadsWithMajorFaults() {
        FakeTracer.call(LOAD, 10, 0);
        FakeTracer.call(LOAD, 5, 3);
    }

    @Test
    @MethodBudget(method = LOAD, majorFaults = 5)
    void loadsWithMajorFaultsUnderItsOwnBudget() {
        FakeTracer.call(LOAD, 0, 3);
    }

    @Test
    @MethodBudget(method = SCAN, minorFaultsPerCall = 100)
    void scansOnceOverThePerCallBudget() {
        FakeTracer.call(SCAN, 20, 0);
        FakeTracer.call(SCAN, 150, 0);
    }

    @Test
    @MethodBudget(method = "com.acme.Missing#run", minorFaults = 1)
    void budgetsAMethodThatIsNotTraced() {
        FakeTracer.call(LOAD, 1, 0);
    }

    @Test
    @MemoryBudget(minorFaults = PAGES / 2)
    void touchesPagesInATracedScan() {
        FreshPages.touch(PAGES);
        FakeTracer.call(SCAN, PAGES, 0);
        FakeTracer.call(LOAD, 1, 0);
    }

    @Test
    @MethodBudget(method = LOAD, majorFaults = 0, requireAgent = false)
    void loadsWhereTheAgentIsOptional() {
        // without the agent nothing records the call
    }
}
