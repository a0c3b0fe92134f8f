package dev.faultline.agent.it;

import com.acme.HelloApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad options, as users type them: one clear line each, naming the option and what it
 * accepts; the application runs normally and uninstrumented. And the config file.
 */
class OptionsErrorTest {
    private static final String GREET = "trace=com.acme.HelloApp#greet,sink=stderr,native=false";

    @Test
    void anUnknownOptionIsNamedWithTheKnownOnes() {
        AgentJvm.Result result = AgentJvm.main(HelloApp.class).options(GREET + ",dumb=1").run();

        assertRanUntraced(result, List.of("unknown option 'dumb' (known: trace, dump, native, depth, every,"
                + " max-per-second, sink, jfr, memory, sched, report, period, oom-warn, config)"));
    }

    @Test
    void eachBadValueIsOneLineNamingItAndWhatIsAcceptedAndTheAppRunsUntraced() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("dump=sometimes", "bad value 'sometimes' for option 'dump' (accepted: entry, exit, error, none)");
        bad.put("depth=0", "bad value '0' for option 'depth' (accepted: a whole number from 1 to 1024)");
        bad.put("every=x", "bad value 'x' for option 'every' (accepted: a whole number >= 1)");
        bad.put("max-per-second=-1", "bad value '-1' for option 'max-per-second' (accepted: a whole number >= 0)");
        bad.put("period=fast",
                "bad value 'fast' for option 'period' (accepted: a positive duration such as 1s, 500ms, 2m)");
        bad.put("report=out.txt", "bad value 'out.txt' for option 'report'"
                + " (accepted: a path ending in .md (Markdown), .json (JSON) or .html (a page with a memory timeline))");
        bad.put("native=yes", "bad value 'yes' for option 'native' (accepted: true, false)");
        bad.put("jfr=1", "bad value '1' for option 'jfr' (accepted: true, false)");
        bad.put("trace=NoHash", "bad value 'NoHash' for option 'trace': a pattern is CLASS#METHOD");
        bad.put("config=/missing.properties", "config file '/missing.properties' cannot be read: no such file");

        AgentJvm.Result result = AgentJvm.main(HelloApp.class)
                .options("trace=com.acme.HelloApp#greet," + String.join(",", bad.keySet())).run();

        assertRanUntraced(result, new ArrayList<>(bad.values()));
    }

    @Test
    void aSecondJavaagentIsIgnoredWithOneWarningAndTheFirstTraces() {
        AgentJvm.Result result = AgentJvm.main(HelloApp.class).options(GREET)
                .jvmArgs("-javaagent:" + AgentJvm.AGENT_JAR.toAbsolutePath() + "=dump=none").run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("hello, world", result.stdout.strip(), result::toString);
        List<String> lines = result.stderr.lines().filter(line -> line.startsWith("faultline")).toList();
        assertEquals(List.of("faultline: warning: the agent is already loaded in this JVM (-javaagent is given more"
                + " than once); the later -javaagent and its options are ignored"), lines, result::toString);
        assertEquals(1, AgentJvm.Result.dumps(result.stderr).size(), () -> "the first agent's dump=entry:\n" + result);
    }

    @Test
    void aPatternThatMatchesNothingIsSaidOnceAtExit() {
        AgentJvm.Result result = AgentJvm.main(HelloApp.class)
                .options(GREET + ",trace=com.nowhere.Missing#gone").run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals(1, AgentJvm.Result.dumps(result.stderr).size(), result::toString);
        List<String> lines = result.stderr.lines().toList();
        assertEquals("faultline: warning: pattern 'com.nowhere.Missing#gone' matched no method: no class it names was loaded",
                lines.get(lines.size() - 1), result::toString);
        assertEquals(1, lines.stream().filter(line -> line.contains("matched no method")).count(), result::toString);
    }

    @Test
    void aConfigFileGivesOptionsAndTheCommandLineWins(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("faultline.properties");
        Files.writeString(config, "# traced by the file\n"
                + "trace = com.acme.HelloApp#greet\n"
                + "sink = stderr\n"
                + "native = false\n"
                + "dump = none\n");

        AgentJvm.Result fromFile = AgentJvm.main(HelloApp.class).options("config=" + config).run();
        AgentJvm.Result overridden = AgentJvm.main(HelloApp.class).options("config=" + config + ",dump=entry").run();

        assertEquals(0, fromFile.exitCode, fromFile::toString);
        assertEquals("", fromFile.stderr, fromFile::toString); // traced (no warning), dump=none
        assertEquals("hello, world", fromFile.stdout.strip(), fromFile::toString);
        List<List<String>> dumps = AgentJvm.Result.dumps(overridden.stderr);
        assertEquals(1, dumps.size(), overridden::toString);
        assertTrue(dumps.get(0).get(1).startsWith("com.acme.HelloApp.greet("), overridden::toString);
    }

    @Test
    void aBadValueInTheConfigFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("faultline.properties");
        Files.writeString(config, "depth = deep\n");

        AgentJvm.Result result = AgentJvm.main(HelloApp.class).options(GREET + ",config=" + config).run();

        assertRanUntraced(result, List.of("bad value 'deep' for option 'depth' in " + config
                + " (accepted: a whole number from 1 to 1024)"));
    }

    /**
     * The agent said each of {@code errors} in one line of its own ({@code faultline: error: }
     * and the message, or a line starting with it), said nothing but its own lines, printed
     * no dump, and the application ran as it does without the agent.
     */
    private static void assertRanUntraced(AgentJvm.Result result, List<String> errors) {
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("hello, world", result.stdout.strip(), result::toString);
        List<String> said = result.stderr.lines().filter(line -> line.startsWith("faultline: error: "))
                .map(line -> line.substring("faultline: error: ".length())).collect(Collectors.toList());
        assertEquals(errors.size(), said.size(), result::toString);
        for (String expected : errors) {
            assertEquals(1, said.stream().filter(line -> line.startsWith(expected)).count(),
                    () -> "expected one line '" + expected + "'\n" + result);
        }
        for (String line : result.stderr.lines().toList()) {
            assertTrue(line.startsWith("faultline: "), () -> "unexpected line '" + line + "'\n" + result);
        }
        assertFalse(result.stderr.contains("Start trace"), result::toString);
    }
}
