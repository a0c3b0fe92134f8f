package dev.faultline.agent.it;

import cliapp.FaultlineCli;
import cliapp.RunningTarget;
import cliapp.Target;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command line, {@code java -jar faultline-agent.jar COMMAND}, run as users run it,
 * against {@link Target} JVMs started without the agent.
 */
class CliTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String START = "-------------------- Start trace --------------------";
    private static final String TRACE_WORK = "trace=" + Target.WORK + ",sink=stderr,dump=entry";
    private static final Predicate<String> IS_START = START::equals;

    @Test
    void helpExitsZeroAndListsEveryCommandAndTheExitCodes() {
        for (String help : List.of("--help", "-h", "help")) {
            AgentJvm.Result result = FaultlineCli.run(help);
            assertEquals(0, result.exitCode, result::toString);
            for (String word : List.of("list", "attach PID [OPTIONS]", "detach PID", "top PID [--interval D] [--count N]",
                    "doctor", "version", "help [COMMAND]", "exit codes",
                    "  0  ", "  1  ", "  2  ", "  3  ")) {
                assertTrue(result.stdout.contains(word), () -> "no '" + word + "' in\n" + result);
            }
        }
    }

    @Test
    void helpOfACommandPrintsThatCommandsUsageAndExitCodesOnly() {
        for (String[] args : List.of(new String[] {"help", "attach"}, new String[] {"attach", "--help"})) {
            AgentJvm.Result result = FaultlineCli.run(args);
            assertEquals(0, result.exitCode, result::toString);
            assertTrue(result.stdout.startsWith("usage: java -jar faultline-agent.jar attach PID [OPTIONS]\n"),
                    result::toString);
            assertTrue(result.stdout.contains("exit codes:") && result.stdout.contains("already runs there"),
                    result::toString);
            assertFalse(result.stdout.contains("commands:") || result.stdout.contains("detach PID"),
                    () -> "the general help, not attach's:\n" + result);
        }
        AgentJvm.Result detach = FaultlineCli.run("help", "detach");
        assertTrue(detach.stdout.startsWith("usage: java -jar faultline-agent.jar detach PID\n"), detach::toString);
        AgentJvm.Result unknown = FaultlineCli.run("help", "frobnicate");
        assertEquals(2, unknown.exitCode, unknown::toString);
        assertTrue(unknown.stderr.contains("unknown command 'frobnicate'"), unknown::toString);
    }

    @Test
    void versionPrintsTheVersionInTheAgentJarsManifest() throws IOException {
        String version;
        try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertTrue(version != null && version.matches("\\d+\\.\\d+.*"), "the jar's version: " + version);
        for (String flag : List.of("--version", "version")) {
            AgentJvm.Result result = FaultlineCli.run(flag);
            assertEquals(0, result.exitCode, result::toString);
            assertTrue(result.stdout.startsWith("faultline " + version + " ("), result::toString);
        }
    }

    @Test
    void noCommandExitsTwoWithTheUsageOnStderr() {
        AgentJvm.Result result = FaultlineCli.run();
        assertEquals(2, result.exitCode, result::toString);
        assertTrue(result.stderr.contains("usage: java -jar faultline-agent.jar COMMAND"), result::toString);
        assertEquals("", result.stdout, result::toString);
    }

    @Test
    void anUnknownCommandExitsTwoNamingTheKnownOnes() {
        AgentJvm.Result result = FaultlineCli.run("frobnicate");
        assertEquals(2, result.exitCode, result::toString);
        assertTrue(result.stderr.contains(
                "faultline: unknown command 'frobnicate' (known: list, attach, detach, top, doctor, version, help)"), result::toString);
    }

    @Test
    void attachWithoutAPidExitsTwo() {
        AgentJvm.Result result = FaultlineCli.run("attach");
        assertEquals(2, result.exitCode, result::toString);
        assertTrue(result.stderr.contains("faultline: missing PID"), result::toString);
    }

    @Test
    void attachWithANonNumericPidExitsTwo() {
        AgentJvm.Result result = FaultlineCli.run("attach", "notanumber");
        assertEquals(2, result.exitCode, result::toString);
        assertTrue(result.stderr.contains("'notanumber' is not a PID"), result::toString);
    }

    @Test
    void extraArgumentsExitTwo() {
        AgentJvm.Result detach = FaultlineCli.run("detach", "1", "2");
        assertEquals(2, detach.exitCode, detach::toString);
        assertTrue(detach.stderr.contains("too many arguments: 2"), detach::toString);
        AgentJvm.Result list = FaultlineCli.run("list", "all");
        assertEquals(2, list.exitCode, list::toString);
    }

    @Test
    void attachWithBadOptionsExitsTwoAndSendsNothing() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result result = FaultlineCli.run("attach", pid(target), "dumb=entry");
            assertEquals(2, result.exitCode, result::toString);
            assertTrue(result.stderr.contains("faultline: error: unknown option 'dumb'"), result::toString);
            target.awaitWork(target.lines().size(), 5, WAIT);
            assertTrue(target.lines().stream().noneMatch(line -> line.startsWith("faultline")), target::tail);
        }
    }

    @Test
    void listShowsTheRunningTargetWithItsMainClass() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result result = FaultlineCli.run("list");
            assertEquals(0, result.exitCode, result::toString);
            String line = lineOf(result, target);
            assertTrue(line.contains(Target.class.getName()), () -> line + "\n" + result);
            assertTrue(line.matches("\\d+\\s+-\\s+.*"), () -> "the agent is not loaded yet: " + line);
        }
    }

    @Test
    void attachMakesTheTargetPrintDumpsAndDetachStopsThem() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result attach = FaultlineCli.run("attach", pid(target), TRACE_WORK);
            assertEquals(0, attach.exitCode, attach::toString);
            assertEquals("faultline: agent started in JVM " + target.pid() + " with options '" + TRACE_WORK + "': 1 method"
                    + " traced in the classes loaded so far; dumps at entry go to that JVM's stderr", attach.stdout.strip(),
                    attach::toString);
            assertEquals("", attach.stderr, attach::toString);
            int start = target.await(IS_START, WAIT, "a dump after attach");
            // the frame line may not be read yet when the start line is: wait for it, then check its place
            int frame = target.await(start + 1, l -> l.startsWith(Target.WORK_FRAME), WAIT, "the dump's traced frame");
            assertEquals(start + 1, frame, () -> "not a dump of work:\n" + target.tail());

            AgentJvm.Result list = FaultlineCli.run("list");
            String line = lineOf(list, target);
            assertTrue(line.matches("\\d+\\s+loaded\\s+.*"), () -> "the agent is loaded: " + line);

            AgentJvm.Result detach = FaultlineCli.run("detach", pid(target));
            assertEquals(0, detach.exitCode, detach::toString);
            assertEquals("faultline: detached from JVM " + target.pid() + "; its original classes are restored",
                    detach.stdout.strip(), detach::toString);
            int detached = target.await(l -> l.startsWith("faultline: detached"), WAIT, "faultline: detached");
            int settled = target.awaitWork(detached, 3, WAIT);
            long dumpsThen = target.count(IS_START, settled + 1);
            int later = target.awaitWork(settled, 20, WAIT);
            assertEquals(dumpsThen, target.count(IS_START, later + 1),
                    () -> "dumps after detach, lines " + settled + ".." + later + ":\n" + target.tail());
        }
    }

    @Test
    void attachingTwiceExitsOneNamingTheRunningAgentsOptionsAndChangesNothing() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result first = FaultlineCli.run("attach", pid(target), TRACE_WORK);
            assertEquals(0, first.exitCode, first::toString);
            target.await(IS_START, WAIT, "a dump after the first attach");
            AgentJvm.Result second = FaultlineCli.run("attach", pid(target), "trace=" + Target.WORK + ",dump=none");
            assertEquals(1, second.exitCode, second::toString);
            assertEquals("", second.stdout, second::toString);
            assertTrue(second.stderr.contains("faultline: the agent already runs in JVM " + target.pid()
                    + " with options '" + TRACE_WORK + "'; nothing changed: detach it first"), second::toString);
            int refused = target.await(l -> l.contains("already running"), WAIT, "the running agent's refusal");
            assertTrue(target.lines().get(refused).startsWith("faultline: error:"), target::tail);
            // the first agent's options stand: dumps at entry go on
            target.await(refused + 1, IS_START, WAIT, "a dump after the refused attach");
        }
    }

    @Test
    void detachingTwiceExitsOneTheSecondTime() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            assertEquals(0, FaultlineCli.run("attach", pid(target), TRACE_WORK).exitCode);
            AgentJvm.Result first = FaultlineCli.run("detach", pid(target));
            assertEquals(0, first.exitCode, first::toString);
            AgentJvm.Result second = FaultlineCli.run("detach", pid(target));
            assertEquals(1, second.exitCode, second::toString);
            assertTrue(second.stderr.contains("faultline: the agent is not running in JVM " + target.pid()
                    + " (detached already): nothing to detach"), second::toString);
            assertNoStackTrace(second);
        }
    }

    @Test
    void optionsThatTheTargetRefusesExitTwoWithItsReasonAndLeaveItUntraced() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            // a config file is read by the target, so only the target can find what is wrong in it
            Path config = Files.createTempFile("faultline-cli", ".properties");
            try {
                Files.writeString(config, "trace=" + Target.WORK + "\nsink=stderr\ndepth=deep\n");
                AgentJvm.Result result = FaultlineCli.run("attach", pid(target), "config=" + config);
                assertEquals(2, result.exitCode, result::toString);
                String error = "bad value 'deep' for option 'depth' in " + config
                        + " (accepted: a whole number from 1 to 1024)";
                assertTrue(result.stderr.contains("faultline: error: " + error), result::toString);
                assertTrue(result.stderr.contains("faultline: bad agent options: the agent did not start in JVM "
                        + target.pid()), result::toString);
                int said = target.await(l -> l.equals("faultline: error: " + error), WAIT, "the target's error");
                int settled = target.awaitWork(said, 5, WAIT);
                assertEquals(0, target.count(IS_START, settled + 1), target::tail);
                // nothing runs there: a later attach starts
                assertEquals(0, FaultlineCli.run("attach", pid(target), TRACE_WORK).exitCode);
            } finally {
                Files.delete(config);
            }
        }
    }

    @Test
    void attachWarnsOfAPatternThatMatchesNoLoadedMethod() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result result = FaultlineCli.run("attach", pid(target), TRACE_WORK + ",trace=cliapp.Nowhere#gone");
            assertEquals(0, result.exitCode, result::toString);
            assertTrue(result.stdout.contains(": 1 method traced in the classes loaded so far;"), result::toString);
            assertEquals("faultline: warning: pattern 'cliapp.Nowhere#gone' matches no method of the classes JVM "
                    + target.pid() + " has loaded so far; classes it loads later are matched as they load",
                    result.stderr.strip(), result::toString);
        }
    }

    @Test
    void attachToAJvmWithTheAttachMechanismDisabledExitsThreeNamingTheFlag() throws IOException {
        try (RunningTarget target = RunningTarget.start(Path.of(System.getProperty("java.home")),
                "-XX:+DisableAttachMechanism")) {
            AgentJvm.Result result = FaultlineCli.run("attach", pid(target), TRACE_WORK);
            assertEquals(3, result.exitCode, result::toString);
            assertTrue(result.stderr.contains("faultline: cannot attach to JVM " + target.pid() + ": ")
                    && result.stderr.contains("(it runs with -XX:+DisableAttachMechanism: restart it without that"
                    + " flag, or start it with -javaagent:faultline-agent.jar=OPTIONS)"), result::toString);
            assertNoStackTrace(result);
            assertTrue(target.isAlive(), target::tail);
        }
    }

    @Test
    void detachFromAJvmThatNeverHadTheAgentExitsOneAndLoadsNothing() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result result = FaultlineCli.run("detach", pid(target));
            assertEquals(1, result.exitCode, result::toString);
            assertTrue(result.stderr.contains("faultline was never loaded into JVM " + target.pid()), result::toString);
            assertNoStackTrace(result);
            target.awaitWork(target.lines().size(), 5, WAIT);
            assertTrue(target.lines().stream().noneMatch(line -> line.startsWith("faultline")), target::tail);
            String line = lineOf(FaultlineCli.run("list"), target);
            assertTrue(line.matches("\\d+\\s+-\\s+.*"), () -> "still not loaded: " + line);
        }
    }

    @Test
    void attachToANonexistentPidExitsThreeWithoutAStackTrace() {
        long pid = 999999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        AgentJvm.Result result = FaultlineCli.run("attach", Long.toString(pid));
        assertEquals(3, result.exitCode, result::toString);
        assertTrue(result.stderr.contains("faultline: no JVM with PID " + pid
                + " (java -jar faultline-agent.jar list shows the JVMs you can attach to)"), result::toString);
        assertNoStackTrace(result);
    }

    @Test
    void attachToAProcessThatIsNotAJvmExitsThreeAndLeavesItRunning() throws IOException, InterruptedException {
        // attach signals SIGQUIT, which would kill a process that does not handle it
        Process sleep = new ProcessBuilder("sleep", "120").start();
        try {
            AgentJvm.Result result = FaultlineCli.run("attach", Long.toString(sleep.pid()));
            assertEquals(3, result.exitCode, result::toString);
            assertTrue(result.stderr.contains("is not a JVM"), result::toString);
            assertNoStackTrace(result);
            assertFalse(sleep.waitFor(1, TimeUnit.SECONDS), "the process was killed");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void attachFromThisJdkToAJdk25TargetWorks() throws IOException {
        if (!Files.isExecutable(AgentJvm.JDK_25.resolve("bin/java"))) {
            fail("no JDK 25 at " + AgentJvm.JDK_25 + " (the test machine has one beside the default JDK)");
        }
        try (RunningTarget target = RunningTarget.start(AgentJvm.JDK_25, "-XX:+EnableDynamicAgentLoading",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")) {
            AgentJvm.Result attach = FaultlineCli.run("attach", pid(target), TRACE_WORK);
            assertEquals(0, attach.exitCode, attach::toString);
            int start = target.await(IS_START, WAIT, "a dump after attach");
            int frame = target.await(start + 1, l -> l.startsWith(Target.WORK_FRAME), WAIT, "the dump's traced frame");
            assertEquals(start + 1, frame, target::tail);
            AgentJvm.Result detach = FaultlineCli.run("detach", pid(target));
            assertEquals(0, detach.exitCode, detach::toString);
            target.await(l -> l.startsWith("faultline: detached"), WAIT, "faultline: detached");
            assertTrue(target.lines().stream().noneMatch(l -> l.startsWith("WARNING:")),
                    () -> "with the flags the JDK 25 target prints no warnings:\n" + target.tail());
        }
    }

    @Test
    void doctorExitsZeroHereAndNamesEachCheck() {
        AgentJvm.Result result = FaultlineCli.run("doctor");
        assertEquals(0, result.exitCode, result::toString);
        for (String word : List.of("libunwind", "overcommit", "transparent huge pages", "PreserveFramePointer",
                "/proc", "cgroup", "java", "--enable-native-access=ALL-UNNAMED")) {
            assertTrue(result.stdout.contains(word), () -> "no '" + word + "' in\n" + result);
        }
        for (String line : result.stdout.split("\\R")) {
            assertTrue(line.matches("(ok  |warn|fail) .*|doctor: .*"), () -> "bad line '" + line + "' in\n" + result);
            assertFalse(line.startsWith("fail"), () -> "the test machine has every essential:\n" + result);
        }
        assertTrue(result.stdout.lines().anyMatch(l -> l.matches("ok +libunwind +/.*libunwind.*")), result::toString);
    }

    private static String pid(RunningTarget target) {
        return Long.toString(target.pid());
    }

    private static String lineOf(AgentJvm.Result list, RunningTarget target) {
        return list.stdout.lines().filter(l -> l.startsWith(target.pid() + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for PID " + target.pid() + " in\n" + list));
    }

    private static void assertNoStackTrace(AgentJvm.Result result) {
        String all = result.stdout + result.stderr;
        assertFalse(all.contains("\tat ") || all.contains("Exception"), () -> "a stack trace:\n" + result);
    }
}
