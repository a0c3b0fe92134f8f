package dev.faultline.agent.it;

import com.acme.TickApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How many calls print a dump: {@code every=N} and {@code max-per-second=N}. */
class DumpRateTest {
    private static final String TICK = "trace=com.acme.TickApp#tick,sink=stderr,native=false";

    @Test
    void everyThirdCallOfNinePrintsThreeDumps() {
        AgentJvm.Result result = AgentJvm.main(TickApp.class).options(TICK + ",every=3").args("9").run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("ticks 9", result.stdout.strip(), result::toString);
        assertEquals(3, AgentJvm.Result.dumps(result.stderr).size(), result::toString);
    }

    @Test
    void maxPerSecondTwoPrintsTwoOfFiftyQuickCallsAndCountsTheRest(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.json");
        AgentJvm.Result result = AgentJvm.main(TickApp.class)
                .options(TICK + ",max-per-second=2,report=" + report).args("50").run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("ticks 50", result.stdout.strip(), result::toString);
        assertEquals(2, AgentJvm.Result.dumps(result.stderr).size(), result::toString);
        String json = Files.readString(report);
        Matcher tick = Pattern.compile("\\{\"method\": \"com\\.acme\\.TickApp#tick\"[^}]*}").matcher(json);
        assertTrue(tick.find(), json);
        String stats = tick.group();
        assertTrue(stats.contains("\"calls\": 50,") && stats.contains("\"dumps\": 2,")
                && stats.contains("\"suppressed\": 48,"), stats);
    }
}
