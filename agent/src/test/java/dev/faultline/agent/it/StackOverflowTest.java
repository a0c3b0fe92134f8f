package dev.faultline.agent.it;

import com.acme.DeepRecursionApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A traced recursion that overflows its stack: the application sees its error as without the
 * agent, the JDK reports no instrumentation failure (a dump at the stack's end would load
 * classes there and overflow inside the JDK's transformer dispatch), and the report accounts
 * for every call it counted.
 */
class StackOverflowTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"entry", "exit", "error"})
    void everyCountedCallOfAnOverflowingRecursionIsAccountedFor(String dump) throws IOException {
        Path report = dir.resolve("report.json");
        AgentJvm.Result result = AgentJvm.main(DeepRecursionApp.class).options("trace=com.acme.DeepRecursionApp#descend,"
                + "dump=" + dump + ",sink=stderr,report=" + report).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals(List.of("caught StackOverflowError", "after still running"), result.stdout.lines().toList());
        assertFalse(result.stderr.contains("ASSERTION FAILED"), result::toString);
        String json = Files.readString(report);
        long calls = field(json, "calls");
        long errors = field(json, "errors");
        long ended = field(json, "overflowEndedCalls");
        long unfollowed = field(json, "unfollowedCalls");
        assertTrue(calls > 1000, json);
        assertEquals(errors, ended, json); // the only error the recursion raises is the overflow
        assertEquals(calls, errors + unfollowed, json);
    }

    private static long field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
        assertTrue(matcher.find(), () -> name + " not in " + json);
        return Long.parseLong(matcher.group(1));
    }
}
