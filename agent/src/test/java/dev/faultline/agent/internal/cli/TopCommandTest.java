package dev.faultline.agent.internal.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopCommandTest {

    @Test
    void intervalTakesMillisecondsSecondsAndMinutes() throws CliFailure {
        assertEquals(250, TopCommand.millis("250ms"));
        assertEquals(2000, TopCommand.millis("2s"));
        assertEquals(60_000, TopCommand.millis("1m"));
    }

    @Test
    void badIntervalOrCountIsAUsageErrorNamingTheValue() {
        CliFailure interval = assertThrows(CliFailure.class, () -> TopCommand.millis("fast"));
        assertEquals(Cli.USAGE, interval.exitCode);
        assertEquals("bad value 'fast' for --interval (accepted: a positive duration such as 1s, 500ms, 2m)",
                interval.getMessage());
        assertThrows(CliFailure.class, () -> TopCommand.millis("0s"));
        CliFailure count = assertThrows(CliFailure.class, () -> TopCommand.count("0"));
        assertEquals("bad value '0' for --count (accepted: a whole number >= 1)", count.getMessage());
        assertThrows(CliFailure.class, () -> TopCommand.count("many"));
    }

    @Test
    void unknownOptionOrMissingPidExitsTwoWithTheSynopsis() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Cli.USAGE, Cli.run(List.of("top", "123", "--fast"), out, errStream));
        assertEquals(Cli.USAGE, Cli.run(List.of("top", "--count", "2"), out, errStream));
        assertEquals(Cli.USAGE, Cli.run(List.of("top", "123", "--interval"), out, errStream));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("faultline: unknown option '--fast' (known: --interval, --count)"), text);
        assertTrue(text.contains("faultline: missing PID"), text);
        assertTrue(text.contains("faultline: --interval needs a value"), text);
        assertTrue(text.contains("usage: java -jar faultline-agent.jar top PID [--interval D] [--count N]"), text);
    }
}
