package dev.faultline.agent.it;

import com.acme.ClinitApp;
import com.acme.ComputeApp;
import com.acme.DeepRecursionApp;
import com.acme.JdkUseApp;
import com.acme.ReentryApp;
import com.acme.ThreadsApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent never changes what the application does: each application runs without the
 * agent and with it (its methods traced), and prints the same.
 */
class SemanticsTest {
    private static final String PRESERVE_FRAME_POINTER = "-XX:+PreserveFramePointer";
    /** Each application runs in well under a second; the agent recursing into itself could run for ever. */
    private static final int TIMEOUT_SECONDS = 30;

    @Test
    void returnValuesAndExceptionsAreTheSameWithTheAgent() {
        Runs runs = withAndWithout(ComputeApp.class, "trace=com.acme.ComputeApp*#*,dump=exit,sink=stderr");

        runs.assertSameOutput();
        assertTrue(runs.traced.stdout.contains("threw java.lang.IllegalStateException: wrapped"), runs.traced::toString);
        List<String> traced = tracedMethods(runs.traced);
        assertTrue(traced.contains("com.acme.ComputeApp.inner") && traced.contains("com.acme.ComputeApp$Shape.describe"),
                traced::toString);
    }

    @Test
    void aTracedRecursionUntilStackOverflowIsCaughtByTheAppAndTracingGoesOn() {
        Runs runs = withAndWithout(DeepRecursionApp.class, "trace=com.acme.DeepRecursionApp#*,sink=stderr");

        runs.assertSameOutput();
        assertEquals(List.of("caught StackOverflowError", "after still running"), runs.traced.stdout.lines().toList());
        for (String line : runs.traced.stderr.lines().toList()) {
            assertFalse(line.startsWith("\tat ") || line.contains("Exception") || line.contains("Error")
                    || line.startsWith("faultline: "), () -> "unexpected line '" + line + "'\n" + runs.traced);
        }
        assertTrue(tracedMethods(runs.traced).contains("com.acme.DeepRecursionApp.after"), runs.traced::toString);
    }

    @Test
    void classesAreInitializedInTheSameOrderWithTheAgent() {
        Runs runs = withAndWithout(ClinitApp.class, "trace=com.acme.ClinitApp*#*,sink=stderr");

        runs.assertSameOutput();
        assertEquals(List.of("com.acme.ClinitApp.main", "com.acme.ClinitApp$Gamma.value",
                "com.acme.ClinitApp$Alpha.value", "com.acme.ClinitApp$Beta.compute", "com.acme.ClinitApp$Alpha.value"),
                tracedMethods(runs.traced));
    }

    @Test
    void theAgentStartsNoNonDaemonThread() {
        Runs runs = withAndWithout(ThreadsApp.class, "trace=com.acme.ThreadsApp#work,sink=stderr");

        runs.assertSameOutput();
        assertTrue(runs.plain.stdout.contains("non-daemon threads [main]"), runs.plain::toString);
        assertEquals(5, AgentJvm.Result.dumps(runs.traced.stderr).size(), runs.traced::toString);
    }

    @Test
    void aTracedMethodThatTheAgentCallsWhileWritingADumpIsNotTracedAgain() {
        Runs runs = withAndWithout(ReentryApp.class, "trace=com.acme.ReentryApp*#*,sink=stderr");

        runs.assertSameOutput();
        // the Tee's methods run only inside the agent's writes, so none of them is traced
        assertEquals(List.of("com.acme.ReentryApp.main", "com.acme.ReentryApp.load"), tracedMethods(runs.traced));
    }

    @Test
    void namingJdkMethodsThatTheTracerUsesNeitherRecursesNorShowsTheAgentsFrames() {
        Runs runs = withAndWithout(JdkUseApp.class, "trace=java.lang.ThreadLocal#get,"
                + "trace=java.util.concurrent.atomic.AtomicLong#incrementAndGet,trace=com.acme.JdkUseApp#work,"
                + "sink=stderr,native=false,max-per-second=100000");

        runs.assertSameOutput();
        assertNoAgentWork(runs.traced);
        assertTrue(tracedMethods(runs.traced).contains("com.acme.JdkUseApp.work"), runs.traced::toString);
    }

    @Test
    void aNamedJdkMethodIsTracedWhereTheAppCallsItAndNotWhereTheAgentDoes() {
        Runs runs = withAndWithout(JdkUseApp.class,
                "trace=java.lang.StringBuilder#append,sink=stderr,native=false,max-per-second=100000");

        runs.assertSameOutput();
        assertNoAgentWork(runs.traced);
        assertTrue(AgentJvm.Result.dumps(runs.traced.stderr).stream()
                .anyMatch(dump -> dump.get(2).startsWith("  com.acme.JdkUseApp.work(")), runs.traced::toString);
    }

    /**
     * No frame of the agent (tracer, probe, ByteBuddy) in any dump, and no failure of the
     * JVM's instrumentation or of tracing. (The agent may warn that it does not trace a
     * JDK class that it needs itself.)
     */
    private static void assertNoAgentWork(AgentJvm.Result result) {
        for (String line : result.stderr.lines().toList()) {
            assertFalse(line.contains("dev.faultline.agent.") || line.contains("net.bytebuddy."),
                    () -> "the agent's own work was traced: '" + line.strip() + "'\n" + head(result));
            assertFalse(line.contains("ASSERTION FAILED") || line.startsWith("faultline: error")
                    || line.contains("cannot be instrumented") || line.contains("cannot instrument"),
                    () -> "unexpected line '" + line + "'\n" + head(result));
        }
    }

    /** The run, cut short: the stderr of these runs can be megabytes. */
    private static String head(AgentJvm.Result result) {
        String text = result.toString();
        return text.length() <= 20_000 ? text : text.substring(0, 20_000) + "\n...";
    }

    /** One application run without the agent and with it, at the same time. */
    private static Runs withAndWithout(Class<?> app, String options) {
        CompletableFuture<AgentJvm.Result> plain = CompletableFuture.supplyAsync(
                () -> AgentJvm.main(app).jvmArgs(PRESERVE_FRAME_POINTER).timeoutSeconds(TIMEOUT_SECONDS).run());
        AgentJvm.Result traced = AgentJvm.main(app).options(options).jvmArgs(PRESERVE_FRAME_POINTER)
                .timeoutSeconds(TIMEOUT_SECONDS).run();
        return new Runs(plain.join(), traced);
    }

    private static final class Runs {
        final AgentJvm.Result plain;
        final AgentJvm.Result traced;

        Runs(AgentJvm.Result plain, AgentJvm.Result traced) {
            this.plain = plain;
            this.traced = traced;
        }

        void assertSameOutput() {
            assertEquals(0, plain.exitCode, plain::toString);
            assertEquals("", plain.stderr, plain::toString);
            assertEquals(plain.stdout, traced.stdout, traced::toString);
            assertEquals(plain.exitCode, traced.exitCode, traced::toString);
            assertFalse(traced.stderr.contains("faultline: error"), traced::toString);
        }
    }

    /** The traced method of each dump, in order. */
    private static List<String> tracedMethods(AgentJvm.Result result) {
        List<String> methods = new ArrayList<>();
        for (List<String> dump : AgentJvm.Result.dumps(result.stderr)) {
            methods.add(dump.get(1).substring(0, dump.get(1).indexOf('(')));
        }
        return methods;
    }
}
