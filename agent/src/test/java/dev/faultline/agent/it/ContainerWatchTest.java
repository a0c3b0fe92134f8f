package dev.faultline.agent.it;

import com.acme.ContainerApp;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent in a JVM that runs in a real v1 memory cgroup made for the test, with a limit
 * set from what the JVM uses: its {@code faultline.Container} events against the cgroup's own files, the warning
 * when the headroom falls under {@code oom-warn} (one line on the sink and one
 * {@code faultline.OomRisk}), and the last words when the OOM killer kills a sibling process
 * in the cgroup (exactly one kill, counted once in {@code faultline.MemoryPressure}, the
 * report and the warning). Needs root (CI has it); skipped, saying why, where no cgroup can
 * be made.
 */
class ContainerWatchTest {
    private static final long MIB = 1 << 20;
    private static final long LIMIT = 256 * MIB;
    private static final long WARN = 120 * MIB;
    private static final int PERIOD_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void theAgentSeesTheLimitWarnsUnderOomWarnAndSpeaksWhenASiblingIsKilled() throws Exception {
        Path jfr = dir.resolve("run.jfr");
        Path report = dir.resolve("report.json");
        Path stderr = dir.resolve("stderr.txt");
        try (ScratchMemoryCgroup scratch = ScratchMemoryCgroup.create("faultline-watch", 2 * LIMIT)) {
            Path cgroup = scratch.directory;
            String name = scratch.path.substring(1);
            List<String> command = AgentJvm.main(ContainerApp.class)
                    .options("dump=none,sink=stderr,period=" + PERIOD_MILLIS + "ms,oom-warn=" + WARN / MIB + "m,report="
                            + report)
                    .jvmArgs("-Xms32m", "-Xmx32m", "-XX:+AlwaysPreTouch", "-XX:MaxDirectMemorySize=1g",
                            "-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true")
                    .command(scratch.join());
            Process jvm = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(jvm.getOutputStream(), StandardCharsets.UTF_8);
            long touchedUsage;
            Instant touchedAt;
            long limit;
            Instant limitSetAt;
            try {
                expect(out, "ready", stderr);
                Thread.sleep(5 * PERIOD_MILLIS);
                long startUsage = number(cgroup, "memory.usage_in_bytes");
                // the limit set now, from what the JVM uses: 190 MiB left (over 125% of oom-warn); 100 MiB more leave
                // 90 (under it)
                limit = startUsage + 190 * MIB;
                scratch.write("memory.limit_in_bytes", Long.toString(limit));
                limitSetAt = Instant.now();
                Thread.sleep(5 * PERIOD_MILLIS);

                in.write("touch 100\n");
                in.flush();
                expect(out, "touched", stderr);
                Thread.sleep(5 * PERIOD_MILLIS);
                touchedUsage = number(cgroup, "memory.usage_in_bytes");
                touchedAt = Instant.now();
                assertTrue(limit - touchedUsage < WARN, "100 MiB more leaves less than oom-warn: " + touchedUsage);

                // a sibling that goes over the limit: oom_score_adj 1000 makes it the OOM killer's first choice
                Process hog = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs")
                        + " && echo 1000 > /proc/self/oom_score_adj && head -c 512M /dev/zero | tail > /dev/null")
                        .redirectErrorStream(true).start();
                assertTrue(hog.waitFor(60, TimeUnit.SECONDS), "the hog ran for a minute");
                assertTrue(hog.exitValue() != 0, "killed, not finished: " + new String(hog.getInputStream().readAllBytes()));
                Thread.sleep(5 * PERIOD_MILLIS);
                assertTrue(Files.readString(cgroup.resolve("memory.oom_control")).contains("oom_kill 1\n"),
                        "the kernel killed exactly one process: " + Files.readString(cgroup.resolve("memory.oom_control")));
                in.write("exit\n");
                in.flush();
                assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM ends");
            } finally {
                jvm.destroyForcibly();
            }
            String err = Files.readString(stderr);
            assertEquals(0, jvm.exitValue(), err);

            // the sink: one line for the headroom, one for the kill
            List<String> warnings = lines(err, "faultline: oom risk: ");
            warnings.forEach(System.out::println);
            assertEquals(2, warnings.size(), err);
            assertTrue(warnings.get(0).startsWith("faultline: oom risk: headroom under oom-warn=120m (120.0 MiB): headroom ")
                    && warnings.get(0).contains("bound by CGROUP_LIMIT set by /" + name), warnings.get(0));
            assertTrue(warnings.get(1).startsWith("faultline: oom risk: the OOM killer killed 1 process in the cgroup /"
                    + name + ": headroom "), warnings.get(1));
            assertTrue(warnings.get(1).contains("oom_kill 1,") && warnings.get(1).contains("; RSS held by "),
                    warnings.get(1));

            List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
            List<RecordedEvent> container = named(events, "faultline.Container");
            assertTrue(container.size() >= 10, "a Container event a tick: " + container.size());
            int seenLowered = 0;
            for (RecordedEvent e : container) {
                assertEquals("/" + name, e.getString("cgroupPath"));
                assertEquals(1, e.getInt("cgroupVersion"));
                if (e.getStartTime().isAfter(limitSetAt.plusMillis(PERIOD_MILLIS))) {
                    assertEquals(limit, e.getLong("bindingLimit"), "the lowered limit, read through a kept descriptor");
                    seenLowered++;
                } else {
                    assertTrue(e.getLong("bindingLimit") == 2 * LIMIT || e.getLong("bindingLimit") == limit, e::toString);
                }
                assertEquals("/" + name, e.getString("bindingCgroup"));
                assertEquals("CGROUP_LIMIT", e.getString("boundBy"));
                assertEquals(e.getLong("bindingLimit") - e.getLong("bindingUsage"), e.getLong("headroom"),
                        "no swap here: the headroom is the room under the limit");
            }
            assertTrue(seenLowered >= 10, "events under the lowered limit: " + seenLowered);
            RecordedEvent atTouch = lastBefore(container, touchedAt);
            assertWithin(touchedUsage, atTouch.getLong("usage"), "usage against memory.usage_in_bytes: " + atTouch);
            assertWithin(limit - touchedUsage, atTouch.getLong("headroom"), "headroom: " + atTouch);
            assertWithin(touchedUsage - limit + WARN, WARN - atTouch.getLong("headroom"), "under oom-warn by: " + atTouch);

            for (RecordedEvent e : List.of(container.get(0), risksOf(events).get(0), named(events,
                    "faultline.MemoryPressure").get(0))) {
                for (jdk.jfr.ValueDescriptor field : e.getEventType().getFields()) {
                    if (List.of("startTime", "duration", "eventThread", "stackTrace").contains(field.getName())) {
                        continue;
                    }
                    String where = e.getEventType().getName() + "." + field.getName();
                    assertTrue(field.getLabel() != null && field.getDescription() != null, where + ": JMC shows a label and a description");
                    boolean amount = field.getAnnotation(jdk.jfr.DataAmount.class) != null;
                    boolean bytes = List.of("usage", "headroom", "bindingLimit", "limit", "peakUsage", "threshold", "rss", "anon")
                            .contains(field.getName());
                    assertEquals(bytes, bytes && amount, where + ": an amount of memory carries @DataAmount");
                }
            }
            assertTrue(container.get(0).getEventType().getField("headroomShare").getAnnotation(jdk.jfr.Percentage.class) != null);
            assertTrue(named(events, "faultline.MemoryPressure").get(0).getEventType().getField("stall")
                    .getAnnotation(jdk.jfr.Timespan.class) != null);

            List<RecordedEvent> risks = risksOf(events);
            assertEquals(2, risks.size(), risks.toString());
            assertTrue(risks.get(0).getString("trigger").equals("headroom under oom-warn=120m (120.0 MiB)"), risks.get(0).toString());
            assertEquals(WARN, risks.get(0).getLong("threshold"));
            assertTrue(risks.get(0).getLong("headroom") < WARN, risks.get(0).toString());
            assertEquals(1, risks.get(1).getLong("oomKillsIncrease"), risks.get(1).toString());
            assertEquals(1, risks.get(1).getLong("oomKills"), risks.get(1).toString());
            assertFalse(risks.get(1).getString("topRssOwners").isEmpty(), risks.get(1).toString());

            List<RecordedEvent> pressure = named(events, "faultline.MemoryPressure");
            long kills = 0;
            long failures = 0;
            for (RecordedEvent e : pressure) {
                kills += e.getLong("oomKillsIncrease");
                failures += Math.max(0, e.getLong("failCountIncrease"));
            }
            assertEquals(1, kills, "the kill counted once: " + pressure);
            assertTrue(failures > 0, "the hog hit the limit (memory.failcnt): " + pressure);

            String json = Files.readString(report);
            assertTrue(json.contains("\"bindingLimitPath\": \"/" + name + "\""), json);
            assertTrue(json.contains("\"oomKillsDuringRun\": 1,"), json);
            assertTrue(json.contains("\"oomRiskWarnings\": 2,"), json);
            Matcher lowest = Pattern.compile("\"lowestHeadroomBytes\": (-?\\d+)").matcher(json);
            assertTrue(lowest.find(), json);
            assertTrue(Long.parseLong(lowest.group(1)) <= atTouch.getLong("headroom"), json);
        }
    }

    /**
     * The headroom warning's hysteresis, driven by siblings in the cgroup that hold memory
     * (a {@code tail} keeps a line without a newline whole until its input ends): under
     * oom-warn it warns once; back above it but under 125% of it, it does not re-arm, and
     * falling under again says nothing; back above 125% it re-arms, and the next fall warns.
     * Each phase's headroom is checked against the cgroup's own usage while it lasts.
     */
    @Test
    void theHeadroomWarningReArmsOnlyAbove125PercentOfOomWarn() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        List<Process> holders = new ArrayList<>();
        try (ScratchMemoryCgroup scratch = ScratchMemoryCgroup.create("faultline-rearm", 2 * LIMIT)) {
            Path cgroup = scratch.directory;
            List<String> command = AgentJvm.main(ContainerApp.class)
                    .options("dump=none,sink=stderr,period=" + PERIOD_MILLIS + "ms,oom-warn=" + WARN / MIB + "m")
                    .jvmArgs("-Xms32m", "-Xmx32m", "-XX:+AlwaysPreTouch")
                    .command(scratch.join());
            Process jvm = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            try {
                expect(out, "ready", stderr);
                Thread.sleep(5 * PERIOD_MILLIS);
                long base = stable(cgroup);
                // what a holder is charged beyond the bytes it holds (tail's buffer growth, the pipe, page tables)
                Process probe = hold(cgroup, 20 * MIB);
                holders.add(probe);
                while (stable(cgroup) - base < 20 * MIB) {
                    Thread.sleep(20);
                }
                long extra = stable(cgroup) - base - 20 * MIB;
                release(probe);
                base = stable(cgroup);
                // the limit set now, from what the JVM uses: 250 MiB left, room for every phase below
                long limit = base + 250 * MIB;
                scratch.write("memory.limit_in_bytes", Long.toString(limit));
                long free = limit - base;
                // a long holder leaves the headroom at oom-warn + 15 MiB (above it, under 125% of it)
                long hover = free - WARN - 15 * MIB - extra;
                Process longHolder = hold(cgroup, hover);
                holders.add(longHolder);
                band(cgroup, limit, WARN, (long) (WARN * 1.25), "hovering above oom-warn, under 125%", stderr);
                // a short one takes 30 MiB more: under oom-warn, warned; gone: back in the band, not re-armed
                Process dip = hold(cgroup, 30 * MIB - extra);
                holders.add(dip);
                band(cgroup, limit, 0, WARN, "under oom-warn", stderr);
                release(dip);
                band(cgroup, limit, WARN, (long) (WARN * 1.25), "back above oom-warn, under 125%", stderr);
                assertEquals(1, warnings(stderr), readOrEmpty(stderr));
                Process again = hold(cgroup, 30 * MIB - extra);
                holders.add(again);
                band(cgroup, limit, 0, WARN, "under oom-warn again", stderr);
                release(again);
                assertEquals(1, warnings(stderr), "not re-armed under 125%: " + readOrEmpty(stderr));
                // the long holder goes: the headroom is back above 125%, re-armed; the next fall warns
                release(longHolder);
                band(cgroup, limit, (long) (WARN * 1.25), Long.MAX_VALUE, "back above 125% of oom-warn", stderr);
                Process fall = hold(cgroup, free - WARN + 20 * MIB - extra);
                holders.add(fall);
                band(cgroup, limit, 0, WARN, "under oom-warn after re-arming", stderr);
                release(fall);
                assertEquals(2, warnings(stderr), readOrEmpty(stderr));
                jvm.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
                jvm.getOutputStream().flush();
                assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM ends");
                assertEquals(0, jvm.exitValue(), readOrEmpty(stderr));
            } finally {
                jvm.destroyForcibly();
                for (Process holder : holders) {
                    holder.descendants().forEach(ProcessHandle::destroyForcibly);
                    holder.destroyForcibly();
                }
            }
        }
    }

    /** A sibling in the cgroup that holds {@code bytes} until its stdin closes ({@code cat} ends, then {@code tail}). */
    private static Process hold(Path cgroup, long bytes) throws IOException {
        return new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && { head -c "
                + bytes + " /dev/zero; cat; } | tail > /dev/null").start();
    }

    /** Ends a holder: its stdin closes, its tail sees the end, frees its memory and exits. */
    private static void release(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "a holder ends when its input does");
        Thread.sleep(2 * PERIOD_MILLIS);
    }

    /** The cgroup's usage once two readings 200 ms apart differ by less than 1 MiB (a holder done growing). */
    private static long stable(Path cgroup) throws Exception {
        long before = number(cgroup, "memory.usage_in_bytes");
        for (int i = 0; i < 100; i++) {
            Thread.sleep(200);
            long now = number(cgroup, "memory.usage_in_bytes");
            if (Math.abs(now - before) < MIB) {
                return now;
            }
            before = now;
        }
        throw new AssertionError("the cgroup's usage did not settle: " + before);
    }

    /**
     * Waits until the cgroup's usage settles with its headroom ({@code limit} - memory.usage_in_bytes,
     * no swap here) in [low, high), then for five of the monitor's periods while it stays there.
     */
    private static void band(Path cgroup, long limit, long low, long high, String phase, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long headroom;
        do {
            headroom = limit - stable(cgroup);
            if (headroom >= low && headroom < high) {
                Thread.sleep(5 * PERIOD_MILLIS);
                headroom = limit - number(cgroup, "memory.usage_in_bytes");
                assertTrue(headroom >= low && headroom < high, phase + ": the headroom left its band, " + headroom);
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError(phase + ": the headroom did not reach [" + low + ", " + high + "), it is " + headroom
                + "\n" + readOrEmpty(stderr));
    }

    private static long warnings(Path stderr) {
        return lines(readOrEmpty(stderr), "faultline: oom risk: headroom under oom-warn").size();
    }

    private static void expect(BufferedReader out, String line, Path stderr) throws IOException {
        String read = out.readLine();
        while (read != null && read.startsWith("[")) {
            read = out.readLine(); // the JVM's own log lines (JFR's start-up) come on stdout too
        }
        assertEquals(line, read, () -> "stderr: " + readOrEmpty(stderr));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> lines(String text, String prefix) {
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                found.add(line);
            }
        }
        return found;
    }

    private static List<RecordedEvent> risksOf(List<RecordedEvent> events) {
        return named(events, "faultline.OomRisk");
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        List<RecordedEvent> found = new ArrayList<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals(name)) {
                found.add(e);
            }
        }
        found.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
        return found;
    }

    /** The last event that began before {@code at} (the JVM idle since it touched: its usage steady). */
    private static RecordedEvent lastBefore(List<RecordedEvent> events, Instant at) {
        RecordedEvent last = null;
        for (RecordedEvent e : events) {
            if (e.getStartTime().isBefore(at)) {
                last = e;
            }
        }
        assertTrue(last != null, "no event before " + at);
        return last;
    }

    private static long number(Path cgroup, String file) throws IOException {
        return Long.parseLong(Files.readString(cgroup.resolve(file)).trim());
    }

    /** Within 2 % of {@code expected}. */
    private static void assertWithin(long expected, long actual, String where) {
        assertTrue(Math.abs(actual - expected) <= Math.abs(expected) / 50,
                "expected " + expected + " within 2 %, was " + actual + " (" + (actual - expected) + "): " + where);
    }

}
