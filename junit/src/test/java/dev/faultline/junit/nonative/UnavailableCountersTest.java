package dev.faultline.junit.nonative;

import static dev.faultline.junit.nonative.DirectBufferSample.PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.Messages;
import dev.faultline.junit.testing.SampleRun;
import dev.faultline.nativebridge.ThreadCounters;

/**
 * Budgets where the native bridge binds nothing ({@code -Dfaultline.native=false}, as on
 * a platform without libc bindings): the test thread's counters cannot be read, while
 * {@code /proc} still gives the process's faults and RSS.
 */
class UnavailableCountersTest {
    private static final String THREAD_UNAVAILABLE = "the test thread's page faults (getrusage RUSAGE_THREAD) cannot be"
            + " read: ";

    @BeforeAll
    static void nativeBridgeIsOff() {
        assertEquals("false", System.getProperty("faultline.native"), "this test runs in the without-native execution");
        assertTrue(!ThreadCounters.now().available(), "thread counters should be unavailable here");
    }

    @Test
    void aThreadBudgetFailsSayingItCannotBeMeasuredAndHowToRunUnchecked() {
        String message = SampleRun.of(DirectBufferSample.class).test("allocatesUnderAThreadBudget").message();
        assertEquals("memory budget of DirectBufferSample.allocatesUnderAThreadBudget cannot be measured here: "
                + THREAD_UNAVAILABLE + ThreadCounters.unavailableReason() + " (set the configuration parameter"
                + " faultline.budgets.unavailable=warn to run such tests unchecked)", message);
    }

    @Test
    void withTheWarnPolicyTheTestPassesWithANotice() {
        SampleRun.Outcome test = SampleRun.of(DirectBufferSample.class, "faultline.budgets.unavailable", "warn")
                .test("allocatesUnderAThreadBudget");
        assertTrue(test.passed(), test::toString);
        assertEquals(List.of("memory budget of DirectBufferSample.allocatesUnderAThreadBudget not checked: "
                + THREAD_UNAVAILABLE + ThreadCounters.unavailableReason()), test.entries("faultline.budget.notChecked"));
    }

    @Test
    void theProcessScopeStillMeasuresThroughProc() {
        String message = SampleRun.of(DirectBufferSample.class).test("allocatesUnderAProcessBudget").message();
        long measured = Messages.number(message, "^memory budget exceeded in DirectBufferSample"
                + ".allocatesUnderAProcessBudget: minorFaults (\\d+) > " + PAGES / 2 + " \\(process, all threads\\)\n");
        assertTrue(measured >= PAGES, () -> "measured " + measured + " for " + PAGES + " zeroed pages");
    }

    @Test
    void rssGrowthIsStillMeasuredThroughProc() {
        String message = SampleRun.of(DirectBufferSample.class).test("allocatesUnderAnRssBudget").message();
        double grown = Messages.mib(message, "rssGrowth (\\d+\\.\\d) MiB > 16\\.0 MiB \\(process RSS\\)");
        assertTrue(grown >= 56 && grown <= 160, () -> "RSS grew " + grown + " MiB for a 64 MiB direct buffer");
    }
}
