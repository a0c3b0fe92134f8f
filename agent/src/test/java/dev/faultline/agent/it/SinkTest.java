package dev.faultline.agent.it;

import com.acme.FailingApp;
import com.acme.HelloApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where dumps go: {@code sink=file:PATH}, {@code sink=slf4j} with and without SLF4J, and a file that cannot be opened. */
class SinkTest {
    private static final String START = "-------------------- Start trace --------------------";
    private static final String END = "--------------------- End trace ---------------------";
    private static final String CHECK = "trace=com.acme.FailingApp#check,native=false";
    private static final String SLF4J_EVENT = "[main] INFO faultline.trace - ";
    private static final List<String> FAILING_APP_OUTPUT =
            List.of("check 0 = 0", "check 1 = 10", "check 2 threw bad 2", "check 3 = 30");

    @Test
    void fileSinkAppendsToWhatTheFileHolds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dumps.log");
        Files.writeString(file, "written before\n");

        for (int run = 0; run < 2; run++) {
            AgentJvm.Result result = AgentJvm.main(HelloApp.class)
                    .options("trace=com.acme.HelloApp#greet,native=false,sink=file:" + file).run();
            assertEquals(0, result.exitCode, result::toString);
            assertEquals("", result.stderr, result::toString);
            assertEquals("hello, world", result.stdout.strip(), result::toString);
        }

        String text = Files.readString(file);
        assertTrue(text.startsWith("written before\n" + START), text);
        List<List<String>> dumps = AgentJvm.Result.dumps(text);
        assertEquals(2, dumps.size(), text);
        for (List<String> dump : dumps) {
            assertTrue(dump.get(1).startsWith("com.acme.HelloApp.greet("), text);
        }
    }

    @Test
    void aFileThatCannotBeOpenedIsOneErrorAndTheAppRunsUntraced() {
        AgentJvm.Result result = AgentJvm.main(HelloApp.class)
                .options("trace=com.acme.HelloApp#greet,sink=file:/nonexistent/dir/x.log").run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("hello, world", result.stdout.strip(), result::toString);
        List<String> errors = linesStartingWith(result.stderr, "faultline: error:");
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("'file:/nonexistent/dir/x.log'") && errors.get(0).contains("'sink'"),
                errors.get(0));
        assertFalse(result.stderr.contains("Start trace"), result::toString);
        assertOnlyAgentLines(result);
    }

    @Test
    void slf4jSinkWithoutSlf4jSaysSoOnceAndDumpsToStderr() {
        AgentJvm.Result result = AgentJvm.main(FailingApp.class).options(CHECK + ",sink=slf4j")
                .classPath(classPathWithoutSlf4j()).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals(FAILING_APP_OUTPUT, result.stdout.lines().toList(), result::toString);
        List<String> said = linesStartingWith(result.stderr, "faultline: sink=slf4j: ");
        assertEquals(1, said.size(), result::toString);
        assertTrue(said.get(0).endsWith("; dumps go to stderr"), said.get(0));
        assertEquals(4, AgentJvm.Result.dumps(result.stderr).size(), result::toString);
    }

    @Test
    void slf4jIsTheDefaultSinkWhenTheAppHasSlf4jWithABinding() {
        AgentJvm.Result result = AgentJvm.main(FailingApp.class).options(CHECK).classPath(classPathWithSlf4j()).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals(FAILING_APP_OUTPUT, result.stdout.lines().toList(), result::toString);
        assertFalse(result.stderr.contains("faultline: sink=slf4j"), result::toString);
        List<List<String>> events = slf4jDumps(result.stderr);
        assertEquals(4, events.size(), result::toString);
        for (List<String> event : events) {
            assertTrue(event.get(1).startsWith("com.acme.FailingApp.check("), event::toString);
            assertTrue(event.get(2).startsWith("  com.acme.FailingApp.main("), event::toString);
        }
    }

    @Test
    void tracedSlf4jMethodsThatTheAgentCallsWhileLoggingAreNotTracedAgain() {
        AgentJvm.Result result = AgentJvm.main(FailingApp.class).options(CHECK + ",trace=org.slf4j.**#*")
                .classPath(classPathWithSlf4j()).timeoutSeconds(30).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals(FAILING_APP_OUTPUT, result.stdout.lines().toList(), result::toString);
        List<List<String>> events = slf4jDumps(result.stderr);
        assertEquals(4, events.size(), result::toString);
        for (List<String> event : events) {
            assertTrue(event.get(1).startsWith("com.acme.FailingApp.check("), event::toString);
        }
        assertFalse(result.stderr.contains("faultline: error"), result::toString);
        assertFalse(result.stderr.contains("matched no method"), result::toString); // SLF4J's methods were traced
    }

    /** The dumps logged through slf4j-simple: each a log event whose message is the dump, start line first. */
    private static List<List<String>> slf4jDumps(String stderr) {
        List<String> lines = stderr.lines().toList();
        List<List<String>> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(SLF4J_EVENT + START)) {
                List<String> event = new ArrayList<>(List.of(START));
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).equals(END)) {
                    event.add(lines.get(j++));
                }
                assertTrue(j < lines.size(), () -> "an event without its end line:\n" + stderr);
                event.add(END);
                events.add(event);
                i = j;
            }
        }
        assertFalse(stderr.lines().anyMatch(START::equals), () -> "a dump not logged through SLF4J:\n" + stderr);
        return events;
    }

    private static String classPathWithoutSlf4j() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j")).collect(Collectors.joining(File.pathSeparator));
    }

    /** The class path with slf4j-api and slf4j-simple, which the build copies to {@code faultline.it.lib}/slf4j. */
    private static String classPathWithSlf4j() {
        String lib = System.getProperty("faultline.it.lib");
        assertTrue(lib != null, "system property faultline.it.lib is not set (the failsafe configuration sets it)");
        try (Stream<Path> jars = Files.list(Path.of(lib, "slf4j"))) {
            List<String> entries = jars.map(Path::toString).filter(name -> name.endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
            assertEquals(2, entries.size(), () -> "slf4j-api and slf4j-simple expected in " + lib + ": " + entries);
            return classPathWithoutSlf4j() + File.pathSeparator + String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new AssertionError("cannot list " + lib + "/slf4j", e);
        }
    }

    private static List<String> linesStartingWith(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
    }

    /** Whatever the agent said, it said in its own lines: no stack traces. */
    private static void assertOnlyAgentLines(AgentJvm.Result result) {
        for (String line : result.stderr.lines().toList()) {
            assertTrue(line.startsWith("faultline: "), () -> "unexpected line '" + line + "'\n" + result);
        }
    }
}
