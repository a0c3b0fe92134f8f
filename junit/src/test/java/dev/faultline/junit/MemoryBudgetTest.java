package dev.faultline.junit;

import static dev.faultline.junit.testing.FreshPages.PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.faultline.junit.testing.Messages;
import dev.faultline.junit.testing.SampleRun;

/**
 * {@code @MemoryBudget} on sample tests run by the Jupiter engine; the ground truth is
 * the number of fresh pages each sample touches ({@code PAGES}, one minor fault each on
 * the touching thread, every one resident by mincore).
 */
class MemoryBudgetTest {
    /** Faults beyond the touched pages that a measurement may hold (JUnit's call, the mapping's objects); seen: 0 to 2. */
    static final int NOISE = 64;
    private static SampleRun threads;
    private static SampleRun classes;

    @BeforeAll
    static void runSamples() {
        threads = SampleRun.of(ThreadFaultsSample.class);
        classes = SampleRun.of(ClassBudgetSample.class);
    }

    @Test
    void touchingTwiceTheBudgetFailsNamingTheTestTheBudgetAndTheMeasuredFaults() {
        String message = threads.test("touchesTwiceItsBudget").message();
        assertTrue(message.startsWith("memory budget exceeded in ThreadFaultsSample.touchesTwiceItsBudget: minorFaults "),
                message);
        assertTrue(message.contains(" > " + PAGES / 2 + " (test thread)"), message);
        long measured = Messages.number(message, "minorFaults (\\d+) >");
        assertTrue(measured >= PAGES && measured <= PAGES + NOISE,
                () -> "measured " + measured + " for " + PAGES + " touched pages");
        assertTrue(message.contains("no backtrace: the faultline agent is not attached"), message);
    }

    @Test
    void touchingWithinTheBudgetPassesAndReportsTheFaults() {
        SampleRun.Outcome test = threads.test("touchesWithinItsBudget");
        assertTrue(test.passed(), test::toString);
        List<String> figures = test.entries("faultline.memory");
        assertEquals(1, figures.size(), test::toString);
        long measured = Messages.number(figures.get(0), "minorFaults=(\\d+)");
        assertTrue(measured >= PAGES && measured <= PAGES + NOISE, figures::toString);
        assertTrue(figures.get(0).endsWith("majorFaults=0 (test thread)"), figures::toString);
    }

    @Test
    void pagesTouchedOnAnotherThreadAreNotTheTestThreadsFaults() {
        SampleRun.Outcome test = threads.test("touchesOnAnotherThread");
        assertTrue(test.passed(), test::toString);
        long measured = Messages.number(test.entries("faultline.memory").get(0), "minorFaults=(\\d+)");
        assertTrue(measured < PAGES / 8, () -> "the test thread's own faults: " + measured);
    }

    @Test
    void processScopeCountsThePagesTouchedOnAnotherThread() {
        String message = threads.test("touchesOnAnotherThreadCountedForTheProcess").message();
        long measured = Messages.number(message, "minorFaults (\\d+) > " + PAGES / 2 + " \\(process, all threads\\)");
        // every thread of the JVM counts, the new thread's stack and the GC included: only a floor is exact
        assertTrue(measured >= PAGES, () -> "measured " + measured);
    }

    @Test
    void anonymousPagesCostNoMajorFaults() {
        SampleRun.Outcome test = threads.test("touchesAnonymousPagesWithoutMajorFaults");
        assertTrue(test.passed(), test::toString);
    }

    @Test
    void readingFilePagesFromDiskOverAZeroMajorFaultBudgetFails() {
        String message = threads.test("readsColdFilePages").message();
        long measured = Messages.number(message, "^memory budget exceeded in ThreadFaultsSample.readsColdFilePages:"
                + " majorFaults (\\d+) > 0 \\(test thread\\)\n");
        // one read from disk per page; a page the kernel kept cached after all would only lower the count
        assertTrue(measured >= ThreadFaultsSample.COLD_PAGES / 2 && measured <= ThreadFaultsSample.COLD_PAGES + 8,
                () -> "measured " + measured + " for " + ThreadFaultsSample.COLD_PAGES + " evicted file pages read");
    }

    @Test
    void aTestsOwnFailureIsReportedInsteadOfItsBudget() {
        Throwable failure = threads.test("failsOnItsOwnAndOverBudget").failure();
        assertEquals("the test's own failure", failure.getMessage());
        assertEquals(org.opentest4j.AssertionFailedError.class, failure.getClass());
    }

    @Test
    void eachRepetitionOfARepeatedTestIsMeasuredAndNamed() {
        List<SampleRun.Outcome> runs = threads.tests("touchesTwiceItsBudgetEachTime");
        assertEquals(2, runs.size(), threads::toString);
        for (int i = 0; i < 2; i++) {
            String message = runs.get(i).message();
            assertTrue(message.startsWith("memory budget exceeded in ThreadFaultsSample.touchesTwiceItsBudgetEachTime"
                    + " repetition " + (i + 1) + " of 2: minorFaults "), message);
            long measured = Messages.number(message, "minorFaults (\\d+) >");
            assertTrue(measured >= PAGES && measured <= PAGES + NOISE, message);
        }
    }

    @Test
    void aClassBudgetAppliesToItsMethodsAndNestedClasses() {
        assertTrue(classes.test("touchesUnderTheClassBudget").message()
                .contains("minorFaults "), classes::toString);
        String nested = classes.test("touchesUnderTheEnclosingClassBudget").message();
        assertTrue(nested.startsWith("memory budget exceeded in Inner.touchesUnderTheEnclosingClassBudget: minorFaults "),
                nested);
        assertTrue(nested.contains(" > " + PAGES / 2 + " (test thread)"), nested);
    }

    @Test
    void aMethodBudgetReplacesTheClassBudget() {
        SampleRun.Outcome test = classes.test("touchesUnderItsOwnLargerBudget");
        assertTrue(test.passed(), test::toString);
    }

    @Test
    void rssGrowthOverBudgetFailsWithTheGrowthAndPassesWithinIt() {
        SampleRun rss = SampleRun.of(RssGrowthSample.class);
        String message = rss.test("keeps64MiBOverA16MiBBudget").message();
        double grown = Messages.mib(message, "rssGrowth (\\d+\\.\\d) MiB > 16\\.0 MiB \\(process RSS\\)");
        // 64 MiB stay resident; the rest of the process moves RSS too (heap, JIT, other threads): loose bounds
        assertTrue(grown >= 56 && grown <= 160, () -> "RSS grew " + grown + " MiB for 64 MiB kept");
        SampleRun.Outcome within = rss.test("keeps64MiBWithinA1GiBBudget");
        assertTrue(within.passed(), within::toString);
        assertTrue(within.entries("faultline.memory").get(0).startsWith("rssGrowth="), within::toString);
    }

    @Test
    void aBudgetWrittenWrongFailsBeforeTheBodyRunsNamingTheValueAndTheAcceptedForms() {
        SampleRun bad = SampleRun.of(BadBudgetSample.class);
        assertConfigurationError(bad, "decimalUnit", "@MemoryBudget on BadBudgetSample.decimalUnit: rssGrowth: bad size"
                + " '64MB' (MB is ambiguous: write MiB for 1024-based units) (accepted: a number with a unit B, KiB, MiB,"
                + " GiB or TiB, e.g. \"64MiB\", \"1.5GiB\"; a number alone is bytes)");
        assertConfigurationError(bad, "noNumber", "@MemoryBudget on BadBudgetSample.noNumber: rssGrowth: bad size 'lots'"
                + " (accepted: a number with a unit B, KiB, MiB, GiB or TiB, e.g. \"64MiB\", \"1.5GiB\"; a number alone"
                + " is bytes)");
        assertConfigurationError(bad, "headroomWithoutAUnit", "@MemoryBudget on BadBudgetSample.headroomWithoutAUnit:"
                + " minHeadroom: bad size '12 apples' (accepted: a number with a unit B, KiB, MiB, GiB or TiB, e.g."
                + " \"64MiB\", \"1.5GiB\"; a number alone is bytes; or a percentage of the limit that binds, from 0% to"
                + " 100%, e.g. \"10%\")");
        assertConfigurationError(bad, "headroomAboveTheWholeLimit", "@MemoryBudget on"
                + " BadBudgetSample.headroomAboveTheWholeLimit: minHeadroom: bad percentage '150%' (above 100%: no more"
                + " than the whole limit can be left) (accepted: a number with a unit B, KiB, MiB, GiB or TiB, e.g."
                + " \"64MiB\", \"1.5GiB\"; a number alone is bytes; or a percentage of the limit that binds, from 0% to"
                + " 100%, e.g. \"10%\")");
        assertConfigurationError(bad, "noLimit", "@MemoryBudget on BadBudgetSample.noLimit: no limit set (set minorFaults,"
                + " majorFaults, rssGrowth or minHeadroom)");
        assertConfigurationError(bad, "negativeLimit", "@MemoryBudget on BadBudgetSample.negativeLimit: bad minorFaults -5"
                + " (accepted: 0 or more, or -1 for no limit)");
        assertConfigurationError(bad, "methodWithoutHash", "@MethodBudget(method = \"com.acme.Store.load\") on"
                + " BadBudgetSample.methodWithoutHash: bad method 'com.acme.Store.load' (accepted: the class's binary"
                + " name, '#', the method's name, e.g. \"com.acme.Store#load\")");
        assertConfigurationError(bad, "methodBudgetWithoutLimit", "@MethodBudget(method = \"com.acme.Store#load\") on"
                + " BadBudgetSample.methodBudgetWithoutLimit: no limit set (set minorFaults, majorFaults,"
                + " minorFaultsPerCall, majorFaultsPerCall or blockedMillis)");
        assertConfigurationError(bad, "factory", "budget on @TestFactory BadBudgetSample.factory: budgets apply to @Test,"
                + " @RepeatedTest and @ParameterizedTest methods; dynamic tests are not measured");
    }

    @Test
    void aBadUnavailablePolicyFailsNamingTheValue() {
        SampleRun run = SampleRun.of(ThreadFaultsSample.class, "faultline.budgets.unavailable", "sometimes");
        Throwable failure = run.test("touchesWithinItsBudget").failure();
        assertEquals(ExtensionConfigurationException.class, failure.getClass());
        assertEquals("bad value 'sometimes' for faultline.budgets.unavailable (accepted: fail, warn)",
                failure.getMessage());
    }

    @Test
    void withoutABudgetTheExtensionMeasuresAndReportsNothing() {
        SampleRun.Outcome test = SampleRun.of(NoBudgetSample.class).test("touchesWithoutABudget");
        assertTrue(test.passed(), test::toString);
        assertFalse(test.entryKeys().stream().anyMatch(k -> k.startsWith("faultline")), test::toString);
    }

    private static void assertConfigurationError(SampleRun run, String test, String message) {
        Throwable failure = (test.equals("factory") ? run.container(test) : run.test(test)).failure();
        assertEquals(ExtensionConfigurationException.class, failure.getClass(), failure::toString);
        assertEquals(message, failure.getMessage());
    }
}
