package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cliapp.FaultlineCli;
import cliapp.RunningTarget;
import dev.faultline.agent.it.platformapps.ProcFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar faultline-agent.jar top PID} against JVMs started without the agent,
 * with its stdout not a terminal: one plain line per refresh, as a CI log keeps it. Its
 * container pairs, from the agent's Container MXBean, against the target's memory cgroup's
 * own files and {@code /proc}: in whatever cgroup the build runs, and (with root and a v1
 * memory hierarchy) in one made for the test with a 256 MiB limit.
 */
class TopTest {
    /** The monitor thread's name as {@code /proc/PID/task/TID/comm} has it. */
    private static final String MONITOR_COMM = "faultline-memory-monitor".substring(0, 15);
    private static final Pattern LINE = Pattern.compile(
            "\\d\\d:\\d\\d:\\d\\d pid=(\\d+) vmsize=\\S+ rss=([0-9.]+)(B|KiB|MiB|GiB) anon=\\S+ file=\\S+ shmem=\\S+"
                    + " swap=\\S+ minflt/s=\\d+ majflt/s=\\d+ committed=\\S+ commitlimit=\\S+"
                    + " overcommit=(heuristic|always|never|unknown).*");
    private static final String AMOUNT = "(-?[0-9.]+)(B|KiB|MiB|GiB|TiB)";
    /** The container pairs: {@code cgroup=USAGE/LIMIT binding=PATH headroom=H(P%) bound=B psisome10=S psifull10=F oomkill=N}. */
    private static final Pattern CONTAINER = Pattern.compile(" cgroup=" + AMOUNT + "/(nolimit|" + AMOUNT + ")"
            + "(?: binding=(\\S+))?(?: headroom=" + AMOUNT + "(?:\\((\\d+%|over)\\))?)? bound=([a-z_]+)"
            + "(?: psisome10=([0-9.]+)% psifull10=([0-9.]+)%)?(?: oomkill=(\\d+))?(?: \\||$)");
    private static final long MIB = 1 << 20;

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

    @Test
    void theContainerPairsShowTheTargetsCgroupItsBindingLimitOrThatThereIsNoneAndTheHeadroom() throws Exception {
        try (RunningTarget target = RunningTarget.start()) {
            MemoryCgroup cgroup = MemoryCgroup.of(target.pid());
            for (String line : topLines(target, cgroup, 3)) {
                System.out.println(line);
            }
        }
    }

    @Test
    void inACgroupWithAMemoryLimitTheLineShowsThatLimitAndTheHeadroomUnderIt() throws Exception {
        try (ScratchMemoryCgroup scratch = ScratchMemoryCgroup.create("faultline-top", 256 * MIB)) {
            String name = scratch.path.substring(1);
            try (RunningTarget target = RunningTarget.startIn(scratch.directory.resolve("cgroup.procs"))) {
                MemoryCgroup cgroup = MemoryCgroup.of(target.pid());
                assertEquals("/" + name, cgroup.path);
                for (String line : topLines(target, cgroup, 3)) {
                    System.out.println(line);
                    Matcher m = CONTAINER.matcher(line);
                    assertTrue(m.find(), line);
                    assertEquals("256.0MiB", m.group(3), line);
                    assertEquals("/" + name, m.group(6), line);
                    assertEquals("cgroup_limit", m.group(10), line);
                }
            }
        }
    }

    /**
     * Runs {@code top PID --count COUNT} and checks each line's container pairs against the cgroup's files and
     * /proc, read as soon as the line comes, while top runs: when top's own JVM is in the target's cgroup (when
     * the build runs both in one) it is charged there too, and is not once top has ended.
     */
    private static List<String> topLines(RunningTarget target, MemoryCgroup cgroup, int count) throws Exception {
        Path jar = Path.of(System.getProperty("faultline.agent.jar", "target/faultline-agent.jar")).toAbsolutePath();
        Process top = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "top", pid(target), "--interval", "300ms", "--count", Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        top.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(top.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                assertContainerPairs(line, cgroup);
                lines.add(line);
            }
        } finally {
            if (!top.waitFor(30, TimeUnit.SECONDS)) {
                top.destroyForcibly();
            }
        }
        String err = stderrOf(top);
        assertEquals(0, top.exitValue(), err);
        assertEquals(count, lines.size(), () -> lines + "\n" + err);
        return lines;
    }

    private static void assertContainerPairs(String line, MemoryCgroup cgroup) throws IOException {
        Map<String, Long> limits = cgroup.limits();
        long available = ProcFacts.kbLine("/proc/meminfo", "MemAvailable") + ProcFacts.kbLine("/proc/meminfo", "SwapFree");
        long kills = cgroup.oomKills();
        Matcher m = CONTAINER.matcher(line);
        assertTrue(LINE.matcher(line).matches() && m.find(), () -> "no container pairs: " + line + "\n" + cgroup);
        String bound = m.group(10);
        if (limits.isEmpty()) {
            // the line says there is none; the cgroup's usage, and the system's memory binds
            assertEquals("nolimit", m.group(3), line);
            assertEquals(null, m.group(6), line);
            assertShown(cgroup.usage(), 0.05, m.group(1), m.group(2), line);
            if (ProcFacts.number("/proc/sys/vm/overcommit_memory") != 2) {
                assertEquals("available_memory", bound, line);
                assertShown(available, 0.05, m.group(7), m.group(8), line + "\nMemAvailable + SwapFree " + available);
                assertEquals(null, m.group(9), () -> "a share of no limit: " + line);
            }
        } else {
            // the limit that binds is one of those on the way up, with the usage of the cgroup that sets it
            String by = m.group(6);
            assertTrue(limits.containsKey(by), () -> line + "\nlimits " + limits);
            long limit = limits.get(by);
            assertShown(limit, 0, m.group(4), m.group(5), line);
            long usage = cgroup.usageOf(by);
            assertShown(usage, 0.05, m.group(1), m.group(2), line);
            if (bound.equals("cgroup_limit") && ProcFacts.kbLine("/proc/meminfo", "SwapTotal") == 0) {
                // without swap, the room under the limit is all there is
                assertShown(limit - usage, 0.05, m.group(7), m.group(8), line + "\nlimit " + limit + " - usage " + usage);
                assertEquals(100.0 * (limit - usage) / limit, Long.parseLong(m.group(9).replace("%", "")), 2, line);
            }
        }
        assertEquals(kills, Long.parseLong(m.group(13)), () -> line + "\noom_kill of " + cgroup);
        Path psi = cgroup.version == 2 ? cgroup.dir.resolve("memory.pressure") : Path.of("/proc/pressure/memory");
        if (Files.isReadable(psi)) {
            // PSI's 10 s average moves every 2 s, and little
            String some = Files.readAllLines(psi).get(0);
            double avg10 = Double.parseDouble(some.substring(some.indexOf("avg10=") + 6, some.indexOf(' ', some.indexOf("avg10="))));
            assertTrue(m.group(11) != null && Math.abs(Double.parseDouble(m.group(11)) - avg10) <= 5,
                    () -> line + "\n" + psi + ": " + some);
        }
    }

    /**
     * Whether {@code number unit} as top shows it ({@code 255.3MiB}: one decimal) is {@code expected} within
     * {@code share} of it, besides the rounding to that decimal.
     */
    private static void assertShown(double expected, double share, String number, String unit, String what) {
        double shown = Double.parseDouble(number) * unit(unit);
        assertTrue(Math.abs(shown - expected) <= Math.abs(expected) * share + 0.05 * unit(unit), () -> what
                + "\nexpected " + (long) expected + " within " + share * 100 + " %, shown " + number + unit);
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
        List<String> units = new ArrayList<>(List.of("B", "KiB", "MiB", "GiB", "TiB"));
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
