package dev.faultline.junit.withagent;

import static dev.faultline.junit.testing.FreshPages.PAGES;
import static dev.faultline.junit.withagent.PageToucher.TRACED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.Messages;
import dev.faultline.junit.testing.SampleRun;

/**
 * Budgets in a JVM that runs the real agent jar from surefire's argLine
 * ({@code -javaagent:agent/target/faultline-agent.jar=trace=...PageToucher#touchFresh,dump=none}),
 * as a suite runs in CI. Ground truth: each traced call touches a known number of fresh pages.
 */
class MethodBudgetWithAgentTest {
    /** Faults beyond the touched pages that a traced call may hold (the mapping's objects). */
    private static final int NOISE = 64;
    private static final String QUOTED = Pattern.quote(TRACED);
    private static SampleRun run;
    private static boolean hasWorstCall;
    private static boolean hasPerCallMaxima;

    @BeforeAll
    static void runSample() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName tracer = new ObjectName("dev.faultline:type=Tracer");
        // the agent registers its MXBeans a little over 0.5 s after start-up (docs/agent.md)
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(tracer) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertTrue(server.isRegistered(tracer), "the agent is not attached: surefire's with-agent argLine has no effect");
        run = SampleRun.of(TracedSample.class);
        hasWorstCall = Arrays.stream(server.getMBeanInfo(tracer).getOperations())
                .anyMatch(op -> op.getName().equals("worstCall"));
        CompositeData[] rows = (CompositeData[]) server.getAttribute(tracer, "Methods");
        hasPerCallMaxima = rows.length > 0 && rows[0].containsKey("maxMinorFaultsPerCall");
    }

    @Test
    void theAgentTracesWhatThePomSays() {
        assertEquals(System.getProperty("faultline.junit.traced"), TRACED);
    }

    @Test
    void aTracedCallOverItsBudgetFailsWithTheFaultsItMade() {
        String message = run.test("touchesTwiceTheBudgetInATracedCall").message();
        long measured = Messages.number(message, "^method budget exceeded in TracedSample"
                + ".touchesTwiceTheBudgetInATracedCall: " + QUOTED + " minorFaults (\\d+) > " + PAGES / 2
                + " \\(1 call during the test, all threads\\)\nworst call of " + QUOTED);
        assertTrue(measured >= PAGES && measured <= PAGES + NOISE, () -> "measured " + measured + " for " + PAGES
                + " pages touched");
    }

    @Test
    void aTracedCallWithinItsBudgetPassesAndIsReported() {
        SampleRun.Outcome test = run.test("touchesWithinTheBudgetInATracedCall");
        assertTrue(test.passed(), test::toString);
        String entry = test.entries("faultline.method").get(0);
        long measured = Messages.number(entry, "^" + QUOTED + " calls=1 minorFaults=(\\d+) majorFaults=0");
        assertTrue(measured >= PAGES && measured <= PAGES + NOISE, entry);
    }

    @Test
    void aBudgetForAMethodTheAgentDoesNotTraceFailsListingWhatItTraces() {
        assertEquals("method budget for " + PageToucher.UNTRACED + " of TracedSample.budgetsAnUntracedMethod cannot be"
                + " checked: " + PageToucher.UNTRACED + " is not traced: the dev.faultline:type=Tracer MXBean has no"
                + " such method (its class is not loaded yet, or neither a trace= pattern nor @Trace selects it);"
                + " traced: " + TRACED + ", " + PageToucher.SLEEPER, run.test("budgetsAnUntracedMethod").message());
    }

    @Test
    void aMemoryBudgetOverrunNamesTheTracedCallThatFaulted() {
        String message = run.test("touchesTwiceTheMemoryBudgetInATracedCall").message();
        long own = Messages.number(message, "^memory budget exceeded in TracedSample"
                + ".touchesTwiceTheMemoryBudgetInATracedCall: minorFaults (\\d+) > " + PAGES / 2 + " \\(test thread\\)\n");
        long traced = Messages.number(message, "\ntraced method with the most minor faults during the test: " + QUOTED
                + ", (\\d+) in 1 call \\(all threads\\)\nworst call of " + QUOTED);
        assertTrue(traced >= PAGES && traced <= own, () -> "traced " + traced + ", test thread " + own);
    }

    @Test
    void theWorstCallsBacktraceIsShownWhenTheAgentKeepsIt() {
        assertTrue(hasWorstCall, "the agent built here has the worstCall operation");
        String message = run.test("touchesTwiceTheBudgetInATracedCall").message();
        assertTrue(message.contains("\nworst call of " + TRACED + " so far:\n"
                + "-------------------- Start trace --------------------\n"), message);
        assertTrue(message.contains("dev.faultline.junit.withagent.PageToucher.touchFresh(PageToucher.java:"), message);
        assertTrue(message.endsWith("--------------------- End trace ---------------------"), message);
    }

    @Test
    void perCallBudgetsCheckTheWorstCallWhenTheAgentReportsMaxima() {
        assertTrue(hasPerCallMaxima, "the agent built here reports per-call maxima");
        String message = run.test("touchesTwiceThePerCallBudget").message();
        long worst = Messages.number(message, "^method budget exceeded in TracedSample.touchesTwiceThePerCallBudget: "
                + QUOTED + " minorFaultsPerCall (\\d+) > " + PAGES / 2 + " \\(the worst of \\d+ calls so far in this"
                + " JVM\\)\n");
        assertTrue(worst >= PAGES && worst <= PAGES + NOISE, message);
    }

    @Test
    void aCallBlockedLongerThanItsBudgetFailsWithTheBlockedTimeTheAgentSplitOut() {
        String message = run.test("sleepsFiftyMillisecondsOverABlockedBudgetOfTen").message();
        double blocked = Messages.decimal(message, "^method budget exceeded in TracedSample"
                + ".sleepsFiftyMillisecondsOverABlockedBudgetOfTen: " + Pattern.quote(PageToucher.SLEEPER)
                + " blockedMillis (\\d+\\.\\d{3}) > 10 \\(1 call during the test, all threads\\)");
        assertEquals(50, blocked, 5, message); // Thread.sleep(50): blocked, not on a CPU nor waiting for one
    }

    @Test
    void aCallBlockedWithinItsBudgetPassesAndReportsItsBlockedTime() {
        SampleRun.Outcome test = run.test("sleepsFiftyMillisecondsWithinABlockedBudget");
        assertTrue(test.passed(), test::toString);
        String entry = test.entries("faultline.method").get(0);
        double blocked = Messages.decimal(entry, "^" + Pattern.quote(PageToucher.SLEEPER)
                + " calls=1 minorFaults=\\d+ majorFaults=\\d+ blockedMillis=(\\d+\\.\\d{3})$");
        assertEquals(50, blocked, 5, entry);
    }
}
