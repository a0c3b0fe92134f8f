package dev.faultline.nativebridge;

import dev.faultline.nativebridge.testing.TalkingJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ContainerMemory} in real v1 memory cgroups with a limit, read by a forked JVM
 * inside them, checked against the cgroup's own files as the kernel writes them. Needs root
 * and the v1 memory controller; skipped, saying why, without them.
 */
class ContainerMemoryCgroupTest {
    private static final long MIB = 1 << 20;
    private static final long LIMIT = 256 * MIB;
    private static final long TOUCHED = 100 * MIB;
    private static final List<String> SMALL_PRETOUCHED_HEAP = List.of("-Xms32m", "-Xmx32m", "-XX:+AlwaysPreTouch",
            "-XX:MaxDirectMemorySize=1g");

    @Test
    void touching100MiBRaisesTheUsageBy100MiBAndTheHeadroomUnderTheCgroupsLimitFallsAsMuch() throws Exception {
        try (ScratchCgroup cgroup = ScratchCgroup.v1Memory()) {
            cgroup.write("memory.limit_in_bytes", Long.toString(LIMIT));
            try (TalkingJvm jvm = join(cgroup)) {
                long kernelBefore = read(jvm, "before", cgroup);
                jvm.send("touch " + TOUCHED / MIB);
                jvm.awaitLine("touched", 30);
                long kernelAfter = read(jvm, "after", cgroup);
                String where = "kernel usage " + kernelBefore + " then " + kernelAfter + "\n" + jvm;

                assertEquals("true", jvm.value("after.available"), where);
                assertEquals(1, jvm.number("after.version"));
                assertEquals(cgroup.path, jvm.value("after.path"));
                assertWithin(TOUCHED, kernelAfter - kernelBefore, "the kernel's own count of the touch: " + where);
                assertWithin(TOUCHED, jvm.number("after.USAGE") - jvm.number("before.USAGE"), where);
                assertWithin(kernelAfter, jvm.number("after.USAGE"), "usage as the kernel reads it: " + where);
                assertTrue(jvm.number("after.PEAK") >= jvm.number("after.USAGE"), where);
                assertWithin(TOUCHED, jvm.number("after.ANON") - jvm.number("before.ANON"),
                        "the touched memory is anonymous (rss): " + where);

                assertEquals(LIMIT, jvm.number("after.LIMIT"));
                assertEquals(LIMIT, jvm.number("after.HIERARCHICAL_LIMIT"));
                assertEquals(LIMIT, jvm.number("after.bindingLimit"), where);
                assertEquals(cgroup.path, jvm.value("after.bindingPath"), "the cgroup's own limit binds");
                assertEquals("CGROUP_LIMIT", jvm.value("after.bound"), where);
                long expected = LIMIT - kernelAfter + GroundTruth.kbAsBytes("/proc/meminfo", "SwapFree");
                assertWithin(expected, jvm.number("after.headroom"), where);
                assertEquals(0, jvm.number("after.OOM_KILL"));
                assertEquals(ContainerMemory.UNAVAILABLE, jvm.number("after.HIGH"), "v1 has no memory.high");
                assertEquals(ContainerMemory.UNAVAILABLE, jvm.number("after.EVENTS_OOM"), "v1 has no memory.events");
            }
        }
    }

    @Test
    void underAParentsLimitTheParentBindsThoughTheChildHasNone() throws Exception {
        try (ScratchCgroup parent = ScratchCgroup.v1Memory()) {
            parent.write("memory.limit_in_bytes", Long.toString(LIMIT));
            ScratchCgroup child = parent.child("worker");
            try (TalkingJvm jvm = join(child)) {
                jvm.send("touch " + TOUCHED / MIB);
                jvm.awaitLine("touched", 30);
                long kernelParent = read(jvm, "after", parent);
                String where = "parent usage " + kernelParent + "\n" + jvm;

                assertEquals(child.path, jvm.value("after.path"));
                assertEquals(ContainerMemory.NO_LIMIT, jvm.number("after.LIMIT"), "the child's own: none");
                assertEquals(LIMIT, jvm.number("after.HIERARCHICAL_LIMIT"), "the kernel's view up the hierarchy");
                assertEquals(LIMIT, jvm.number("after.bindingLimit"), where);
                assertEquals(parent.path, jvm.value("after.bindingPath"), where);
                assertWithin(kernelParent, jvm.number("after.bindingUsage"), where);
                assertEquals("CGROUP_LIMIT", jvm.value("after.bound"), where);
                assertWithin(LIMIT - kernelParent + GroundTruth.kbAsBytes("/proc/meminfo", "SwapFree"),
                        jvm.number("after.headroom"), where);
            }
        }
    }

    @Test
    void aProcessThatGoesOverTheLimitIsOomKilledAndCountedOnce() throws Exception {
        try (ScratchCgroup cgroup = ScratchCgroup.v1Memory()) {
            cgroup.write("memory.limit_in_bytes", Long.toString(64 * MIB));
            try (TalkingJvm watcher = join(cgroup)) {
                read(watcher, "before", cgroup);
                String adj = GroundTruth.read("/proc/" + watcher.pid() + "/oom_score_adj").trim();
                assertEquals(Long.parseLong(adj), watcher.number("before.oomScoreAdj"), watcher.toString());
                assertTrue(watcher.number("before.oomScore") >= 0, watcher.toString());
                assertEquals(0, watcher.number("before.OOM_KILL"), watcher.toString());

                // tail keeps a line without a newline whole: 256 MiB of zeros in a 64 MiB cgroup. The OOM
                // killer ranks by the whole RSS, not the part charged here, so the JVM (its heap charged to the
                // cgroup it started in) might outrank tail early on: oom_score_adj 1000, inherited, makes tail first.
                Process hog = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.directory.resolve("cgroup.procs")
                        + " && echo 1000 > /proc/self/oom_score_adj && head -c 256M /dev/zero | tail > /dev/null")
                        .redirectErrorStream(true).start();
                assertTrue(hog.waitFor(60, TimeUnit.SECONDS), "the hog ran for a minute");
                String hogSaid = new String(hog.getInputStream().readAllBytes());
                assertTrue(hog.exitValue() != 0, "killed, not finished: " + hogSaid);

                read(watcher, "after", cgroup); // the watcher is alive to read it
                String where = "oom_control:\n" + cgroup.read("memory.oom_control") + "\n" + watcher;
                assertTrue(cgroup.read("memory.oom_control").contains("oom_kill 1\n"), where);
                assertEquals(1, watcher.number("after.OOM_KILL"), "exactly one more: " + where);
                assertEquals(0, watcher.number("after.UNDER_OOM"), where);
                assertTrue(watcher.number("after.FAIL_COUNT") > 0, "usage hit the limit: " + where);
                assertTrue(watcher.number("after.PEAK") >= 60 * MIB, "the peak came near the limit: " + where);
            }
        }
    }

    @Test
    void aSamplerKeepsItsFilesOpenYetSeesTheMoveALimitChangedAndTheNewCgroup() throws Exception {
        try (ScratchCgroup parent = ScratchCgroup.v1Memory()) {
            parent.write("memory.limit_in_bytes", Long.toString(LIMIT));
            ScratchCgroup child = parent.child("worker");
            try (TalkingJvm jvm = join(parent)) {
                jvm.send("touch " + TOUCHED / MIB);
                jvm.awaitLine("touched", 30);
                long kernel = sample(jvm, "moved", parent);
                String where = "kernel usage " + kernel + "\n" + jvm;
                assertEquals(parent.path, jvm.value("moved.path"), "the sampler found the cgroup joined: " + where);
                assertWithin(kernel, jvm.number("moved.USAGE"), where);
                assertEquals(LIMIT, jvm.number("moved.bindingLimit"), where);
                assertEquals(parent.path, jvm.value("moved.bindingPath"), where);

                long lowered = 200 * MIB;
                parent.write("memory.limit_in_bytes", Long.toString(lowered));
                kernel = sample(jvm, "lowered", parent);
                where = "kernel usage " + kernel + "\n" + jvm;
                assertEquals(lowered, jvm.number("lowered.LIMIT"), "a kept descriptor reads the new limit: " + where);
                assertEquals(lowered, jvm.number("lowered.bindingLimit"), where);
                assertEquals(lowered, jvm.number("lowered.systemCgroupLimit"), "the sample's SystemMemory: " + where);
                assertEquals(jvm.number("lowered.USAGE"), jvm.number("lowered.systemCgroupUsage"), where);
                assertWithin(lowered - kernel + GroundTruth.kbAsBytes("/proc/meminfo", "SwapFree"),
                        jvm.number("lowered.headroom"), where);

                jvm.send("join " + child.directory);
                jvm.awaitLine("joined", 30);
                sample(jvm, "child", child);
                long parentUsage = parent.number("memory.usage_in_bytes");
                where = "parent usage " + parentUsage + "\n" + jvm;
                assertEquals(child.path, jvm.value("child.path"), where);
                assertEquals(ContainerMemory.NO_LIMIT, jvm.number("child.LIMIT"), where);
                assertEquals(lowered, jvm.number("child.bindingLimit"), "the parent's limit, walked up: " + where);
                assertEquals(parent.path, jvm.value("child.bindingPath"), where);
                assertEquals(lowered, jvm.number("child.systemCgroupLimit"), "the smallest limit up the way: " + where);
                assertWithin(parentUsage, jvm.number("child.bindingUsage"), where);
            }
        }
    }

    /** Has the JVM print a {@link ContainerMemory.Sampler}'s snapshot as {@code name}; returns the kernel's usage after. */
    private static long sample(TalkingJvm jvm, String name, ScratchCgroup cgroup) throws IOException, InterruptedException {
        jvm.send("sample " + name);
        jvm.awaitLine(name + ".done", 30);
        return cgroup.number("memory.usage_in_bytes");
    }

    private static TalkingJvm join(ScratchCgroup cgroup) throws Exception {
        TalkingJvm jvm = TalkingJvm.start(SMALL_PRETOUCHED_HEAP, MemoryToucherProgram.class,
                cgroup.directory.toString());
        try {
            jvm.awaitLine("joined", 60);
            return jvm;
        } catch (Throwable t) {
            jvm.close();
            throw t;
        }
    }

    /** Has the JVM print a snapshot as {@code name}, then reads the cgroup's usage as the kernel writes it. */
    private static long read(TalkingJvm jvm, String name, ScratchCgroup cgroup) throws IOException, InterruptedException {
        jvm.send("read " + name);
        jvm.awaitLine(name + ".done", 30);
        return cgroup.number("memory.usage_in_bytes");
    }

    /** Within 2 % of {@code expected}. */
    private static void assertWithin(long expected, long actual, String where) {
        assertTrue(Math.abs(actual - expected) <= Math.abs(expected) / 50,
                "expected " + expected + " within 2 %, was " + actual + " (" + (actual - expected) + "): " + where);
    }
}
