package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cliapp.FaultlineCli;
import cliapp.RunningTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar faultline-agent.jar top PID} against JVMs started without the agent,
 * with its stdout not a terminal: one plain line per refresh, as a CI log keeps it.
 */
class TopTest {
    /** The monitor thread's name as {@code /proc/PID/task/TID/comm} has it. */
    private static final String MONITOR_COMM = "faultline-memory-monitor".substring(0, 15);
    private static final Pattern LINE = Pattern.compile(
            "\\d\\d:\\d\\d:\\d\\d pid=(\\d+) vmsize=\\S+ rss=([0-9.]+)(B|KiB|MiB|GiB) anon=\\S+ file=\\S+ shmem=\\S+"
                    + " swap=\\S+ minflt/s=\\d+ majflt/s=\\d+ committed=\\S+ commitlimit=\\S+"
                    + " overcommit=(heuristic|always|never|unknown).*");

    @Test
    void topLoadsTheAgentAndPrintsOneLinePerRefreshWithTheTargetsRss() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            AgentJvm.Result top = FaultlineCli.run("top", pid(target), "--count", "3", "--interval", "300ms");
            long procRss = statusKb(target.pid(), "VmRSS");
            assertEquals(0, top.exitCode, top::toString);
            List<String> lines = top.stdout.lines().collect(java.util.stream.Collectors.toList());
            assertEquals(3, lines.size(), top::toString);
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), () -> "not a top line: " + line);
                assertEquals(Long.toString(target.pid()), m.group(1));
                double rss = Double.parseDouble(m.group(2)) * unit(m.group(3));
                // the agent's loading grows the target; /proc is read just after: same order of size
                assertTrue(rss >= procRss / 2.0 && rss <= procRss * 2.0, () -> line + "\n/proc VmRSS " + procRss);
            }
            assertTrue(top.stderr.contains("faultline: loaded the agent into JVM " + target.pid()), top::toString);
            assertTrue(target.lines().stream().noneMatch(l -> l.startsWith("faultline: error")), target::tail);

            AgentJvm.Result again = FaultlineCli.run("top", pid(target), "--count", "1");
            assertEquals(0, again.exitCode, again::toString);
            assertFalse(again.stderr.contains("loaded the agent"), () -> "loaded twice:\n" + again);
            assertTrue(LINE.matcher(again.stdout.trim()).matches(), again::toString);
        }
    }

    @Test
    void detachStopsTheMonitorThreadAndRemovesTheBeanSoTopLoadsTheAgentAgain() throws IOException {
        try (RunningTarget target = RunningTarget.start()) {
            assertFalse(threadNames(target.pid()).contains(MONITOR_COMM), "no monitor before the agent");
            AgentJvm.Result first = FaultlineCli.run("top", pid(target), "--count", "1");
            assertEquals(0, first.exitCode, first::toString);
            assertTrue(threadNames(target.pid()).contains(MONITOR_COMM), () -> "threads: " + threadNames(target.pid()));

            AgentJvm.Result detach = FaultlineCli.run("detach", pid(target));
            assertEquals(0, detach.exitCode, detach::toString);
            target.await(l -> l.startsWith("faultline: detached"), java.time.Duration.ofSeconds(30), "the detach");
            assertFalse(threadNames(target.pid()).contains(MONITOR_COMM), () -> "threads: " + threadNames(target.pid()));

            AgentJvm.Result again = FaultlineCli.run("top", pid(target), "--count", "1");
            assertEquals(0, again.exitCode, again::toString);
            assertTrue(again.stderr.contains("faultline: loaded the agent into JVM " + target.pid()), again::toString);
            assertTrue(threadNames(target.pid()).contains(MONITOR_COMM), () -> "threads: " + threadNames(target.pid()));
        }
    }

    /** The names of a process's threads as the kernel keeps them (15 characters at most). */
    private static List<String> threadNames(long pid) {
        List<String> names = new ArrayList<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(task.resolve("comm")).trim());
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list the threads of " + pid, e);
        }
        return names;
    }

    @Test
    void topOfANonexistentPidExitsThreeWithoutAStackTrace() {
        long pid = 999999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        AgentJvm.Result result = FaultlineCli.run("top", Long.toString(pid), "--count", "1");
        assertEquals(3, result.exitCode, result::toString);
        assertTrue(result.stderr.contains("faultline: no JVM with PID " + pid), result::toString);
        assertEquals("", result.stdout, result::toString);
        assertNoStackTrace(result);
    }

    @Test
    void aJvmThatExitsWhileWatchedEndsTopWithExitCodeThree() throws Exception {
        Path jar = Path.of(System.getProperty("faultline.agent.jar", "target/faultline-agent.jar")).toAbsolutePath();
        Process top;
        long pid;
        try (RunningTarget target = RunningTarget.start()) {
            pid = target.pid();
            top = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar.toString(), "top", pid(target), "--interval", "200ms", "--count", "1000")
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            top.getOutputStream().close();
            BufferedReader lines = new BufferedReader(new InputStreamReader(top.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 2; i++) { // two refreshes, then the target goes
                String line = lines.readLine();
                assertTrue(line != null && LINE.matcher(line).matches(), () -> "not a top line: " + line + "\n"
                        + stderrOf(top));
            }
        }
        assertTrue(top.waitFor(30, TimeUnit.SECONDS), "top did not end when its JVM did");
        String err = stderrOf(top);
        assertEquals(3, top.exitValue(), err);
        // not "lost the connection": the JVM closes its connections a moment before it ends
        assertTrue(err.contains("faultline: JVM " + pid + " has exited"), err);
        assertFalse(err.contains("lost the connection"), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), () -> "a stack trace:\n" + err);
    }

    private static String stderrOf(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new AssertionError("no " + key + " for " + pid);
    }

    private static double unit(String unit) {
        List<String> units = new ArrayList<>(List.of("B", "KiB", "MiB", "GiB"));
        return Math.pow(1024, units.indexOf(unit));
    }

    private static String pid(RunningTarget target) {
        return Long.toString(target.pid());
    }

    private static void assertNoStackTrace(AgentJvm.Result result) {
        String all = result.stdout + result.stderr;
        assertFalse(all.contains("\tat ") || all.contains("Exception"), () -> "a stack trace:\n" + result);
    }
}
