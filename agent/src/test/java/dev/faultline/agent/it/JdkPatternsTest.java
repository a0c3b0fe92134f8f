package dev.faultline.agent.it;

import com.acme.JdkWorkoutApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whatever JDK pattern a user gives, the host JVM finishes with the output it has without
 * the agent: no recursion of the tracer into itself (which hung the JVM), no exception
 * escaping a class transformation (which the JDK reports as an instrumentation assertion),
 * no tracing failure, no agent frame in a dump.
 */
class JdkPatternsTest {
    /** The workout runs in about a second untraced, a few seconds with the JDK traced; a hang runs until killed. */
    private static final int TIMEOUT_SECONDS = 120;

    @ParameterizedTest
    @ValueSource(strings = {
            "trace=java.util.Objects#requireNonNull",
            "trace=java.util.Objects#*",
            "trace=java.lang.String#*",
            "trace=java.util.**#*",
            "trace=java.lang.**#*",
            "trace=java.util.concurrent.**#*",
            "trace=java.lang.invoke.**#*",
            "trace=java.util.**#*,dump=exit",
            "trace=java.lang.**#*,dump=error",
            "trace=java.lang.String#*,trace=java.util.HashMap#*,dump=exit,max-per-second=100000",
    })
    void aJdkPatternLeavesTheApplicationsOutputAsItIs(String options) {
        assertSameRun(AgentJvm.main(JdkWorkoutApp.class), options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace=java.util.**#*", "trace=java.lang.**#*", "trace=java.util.Objects#*,dump=exit"})
    void aJdkPatternLeavesTheApplicationsOutputAsItIsOnJava25(String options) {
        assumeTrue(Files.isDirectory(AgentJvm.JDK_25), () -> "no JDK 25 at " + AgentJvm.JDK_25 + ": not checked on 25");
        assertSameRun(AgentJvm.main(JdkWorkoutApp.class).javaHome(AgentJvm.JDK_25)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"), options);
    }

    private static void assertSameRun(AgentJvm jvm, String options) {
        CompletableFuture<AgentJvm.Result> plain = CompletableFuture.supplyAsync(
                () -> jvm.copy().timeoutSeconds(TIMEOUT_SECONDS).run());
        AgentJvm.Result traced = jvm.copy().options(options + ",sink=stderr").timeoutSeconds(TIMEOUT_SECONDS).run();
        AgentJvm.Result untraced = plain.join();

        assertEquals(0, untraced.exitCode, untraced::toString);
        assertTrue(untraced.stdout.endsWith("done\n"), untraced::toString);
        assertEquals(untraced.stdout, traced.stdout, () -> head(traced));
        assertEquals(0, traced.exitCode, () -> head(traced));
        for (String line : traced.stderr.lines().toList()) {
            assertFalse(line.contains("ASSERTION FAILED"), () -> "an exception escaped a transformation: " + head(traced));
            assertFalse(line.startsWith("faultline: error"), () -> "tracing failed: " + head(traced));
            assertFalse(line.contains("dev.faultline.agent."), () -> "the agent's own work was traced: '" + line.strip()
                    + "'\n" + head(traced));
        }
    }

    /** The run, cut short: the stderr of these runs is megabytes. */
    private static String head(AgentJvm.Result result) {
        String text = result.toString();
        return text.length() <= 20_000 ? text : text.substring(0, 20_000) + "\n...";
    }
}
