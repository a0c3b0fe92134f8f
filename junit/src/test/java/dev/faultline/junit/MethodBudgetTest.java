package dev.faultline.junit;

import static dev.faultline.junit.MethodBudgetSample.LOAD;
import static dev.faultline.junit.MethodBudgetSample.SCAN;
import static dev.faultline.junit.testing.FreshPages.PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.management.JMException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.FakeTracer;
import dev.faultline.junit.testing.Messages;
import dev.faultline.junit.testing.SampleRun;

/**
 * {@code @MethodBudget} without the agent, and against a stand-in Tracer MXBean that
 * answers as the documented contract says (the real agent is in the with-agent tests).
 */
class MethodBudgetTest {
    private static final String NOT_ATTACHED = "the faultline agent is not attached (no dev.faultline:type=Tracer MXBean)";

    @AfterEach
    void unregister() throws JMException {
        FakeTracer.unregister();
    }

    @Test
    void withoutTheAgentAMethodBudgetFailsSayingHowToAttachIt() {
        String message = SampleRun.of(MethodBudgetSample.class).test("loadsWithoutMajorFaults").message();
        assertEquals("method budget for com.acme.Store#load of MethodBudgetSample.loadsWithoutMajorFaults cannot be"
                + " checked: " + NOT_ATTACHED + "; run the tests with -javaagent:faultline-agent.jar=trace="
                + "com.acme.Store#load (in surefire's argLine), or set requireAgent = false to skip this budget"
                + " without the agent", message);
    }

    @Test
    void withoutTheAgentAnOptionalBudgetPassesWithAVisibleNotice() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SampleRun run;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run = SampleRun.of(MethodBudgetSample.class);
        } finally {
            System.setErr(err);
        }
        SampleRun.Outcome test = run.test("loadsWhereTheAgentIsOptional");
        assertTrue(test.passed(), test::toString);
        String notice = "method budget for com.acme.Store#load of MethodBudgetSample.loadsWhereTheAgentIsOptional not"
                + " checked: " + NOT_ATTACHED + "; run the tests with -javaagent:faultline-agent.jar=trace="
                + "com.acme.Store#load (in surefire's argLine), or set requireAgent = false to skip this budget"
                + " without the agent";
        assertEquals(List.of(notice), test.entries("faultline.budget.notChecked"));
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("faultline: warning: " + notice + "\n"),
                captured::toString);
    }

    @Test
    void withoutTheAgentAMemoryBudgetSaysWhyThereIsNoBacktrace() {
        String message = SampleRun.of(MethodBudgetSample.class).test("touchesPagesInATracedScan").message();
        List<String> lines = List.of(message.split("\n"));
        assertTrue(lines.get(0).startsWith("memory budget exceeded in MethodBudgetSample.touchesPagesInATracedScan:"
                + " minorFaults "), message);
        assertTrue(lines.get(1).startsWith("method budget for com.acme.Store#load of"
                + " MethodBudgetSample.touchesPagesInATracedScan cannot be checked: " + NOT_ATTACHED), message);
        assertEquals("no backtrace: " + NOT_ATTACHED + "; attach it with trace= patterns for the code under test to"
                + " see the worst call", lines.get(2));
    }

    @Test
    void faultsOverTheBudgetDuringTheTestFailWithTheWorstCallsBacktrace() throws JMException {
        FakeTracer.register(LOAD, SCAN);
        FakeTracer.call(LOAD, 1000, 7); // before the test: not the test's
        SampleRun run = SampleRun.of(MethodBudgetSample.class);
        assertEquals("method budget exceeded in MethodBudgetSample.loadsWithMajorFaults: com.acme.Store#load"
                + " majorFaults 3 > 0 (2 calls during the test, all threads)\n"
                + "worst call of com.acme.Store#load so far:\n" + FakeTracer.dumpOf(LOAD).strip(),
                run.test("loadsWithMajorFaults").message());
    }

    @Test
    void faultsWithinTheBudgetPassAndAreReported() throws JMException {
        FakeTracer.register(LOAD, SCAN);
        FakeTracer.call(LOAD, 1000, 7);
        SampleRun.Outcome test = SampleRun.of(MethodBudgetSample.class).test("loadsWithoutMajorFaults");
        assertTrue(test.passed(), test::toString);
        List<String> entries = test.entries("faultline.method");
        assertEquals(1, entries.size(), test::toString);
        assertTrue(entries.get(0).startsWith("com.acme.Store#load calls=1 minorFaults=10 majorFaults=0"), entries::toString);
    }

    @Test
    void aMethodsOwnBudgetReplacesTheClassBudgetForTheSameTracedMethod() throws JMException {
        FakeTracer.register(LOAD, SCAN);
        SampleRun.Outcome test = SampleRun.of(MethodBudgetSample.class).test("loadsWithMajorFaultsUnderItsOwnBudget");
        assertTrue(test.passed(), test::toString);
    }

    @Test
    void aPerCallBudgetChecksTheWorstCallSoFar() throws JMException {
        FakeTracer.register(LOAD, SCAN);
        String message = SampleRun.of(MethodBudgetSample.class).test("scansOnceOverThePerCallBudget").message();
        long calls = Messages.number(message, "^method budget exceeded in MethodBudgetSample"
                + ".scansOnceOverThePerCallBudget: com\\.acme\\.Index#scan minorFaultsPerCall 150 > 100"
                + " \\(the worst of (\\d+) calls so far in this JVM\\)\n");
        // the sample's other tests may scan before this one: at least its own two calls
        assertTrue(calls >= 2, message);
        assertTrue(message.endsWith("worst call of com.acme.Index#scan so far:\n" + FakeTracer.dumpOf(SCAN).strip()),
                message);
    }

    @Test
    void aBudgetForAMethodThatIsNotTracedFailsListingWhatIs() throws JMException {
        FakeTracer.register(LOAD, SCAN);
        String message = SampleRun.of(MethodBudgetSample.class).test("budgetsAMethodThatIsNotTraced").message();
        assertEquals("method budget for com.acme.Missing#run of MethodBudgetSample.budgetsAMethodThatIsNotTraced cannot"
                + " be checked: com.acme.Missing#run is not traced: the dev.faultline:type=Tracer MXBean has no such"
                + " method (its class is not loaded yet, or neither a trace= pattern nor @Trace selects it); traced:"
                + " com.acme.Store#load, com.acme.Index#scan", message);
    }

    @Test
    void aMemoryBudgetOverrunNamesTheTracedMethodThatFaultedMost() throws JMException {
        FakeTracer.register(LOAD, SCAN);
        String message = SampleRun.of(MethodBudgetSample.class).test("touchesPagesInATracedScan").message();
        assertTrue(message.startsWith("memory budget exceeded in MethodBudgetSample.touchesPagesInATracedScan:"
                + " minorFaults "), message);
        assertTrue(message.endsWith("\ntraced method with the most minor faults during the test: com.acme.Index#scan, "
                + PAGES + " in 1 call (all threads)\nworst call of com.acme.Index#scan so far:\n"
                + FakeTracer.dumpOf(SCAN).strip()), message);
    }

    @Test
    void anAgentWithoutWorstCallOrPerCallMaximaIsToldApart() throws JMException {
        FakeTracer.registerWithoutWorstCall(LOAD, SCAN);
        SampleRun run = SampleRun.of(MethodBudgetSample.class);
        assertEquals("method budget exceeded in MethodBudgetSample.loadsWithMajorFaults: com.acme.Store#load"
                + " majorFaults 3 > 0 (2 calls during the test, all threads)\n"
                + "worst call of com.acme.Store#load: not available from this agent version (its Tracer MXBean has no"
                + " worstCall operation)", run.test("loadsWithMajorFaults").message());
        assertEquals("method budget for com.acme.Index#scan of MethodBudgetSample.scansOnceOverThePerCallBudget cannot"
                + " be checked: this agent version does not report per-call maxima (no maxMinorFaultsPerCall/"
                + "maxMajorFaultsPerCall in the dev.faultline:type=Tracer rows)",
                run.test("scansOnceOverThePerCallBudget").message());
        SampleRun.Outcome passing = run.test("loadsWithoutMajorFaults");
        assertTrue(passing.passed(), passing::toString);
        assertFalse(passing.entries("faultline.method").get(0).contains("PerCall"), passing::toString);
    }
}
