package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.Cgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerMemoryTest {
    private static final long MIB = 1 << 20;

    private static Cgroup v2(Path mount, String path) {
        return Cgroup.locate("0::" + path + "\n", "30 23 0:26 / " + mount + " rw - cgroup2 cgroup2 rw\n", "memory");
    }

    @Test
    void aV2CgroupOnFixtureFilesGivesItsFiguresAndTheParentsLimitBinds(@TempDir Path mount) throws Exception {
        Path pod = Files.createDirectories(mount.resolve("pod"));
        Path app = Files.createDirectories(pod.resolve("app"));
        Files.writeString(pod.resolve("memory.max"), (512 * MIB) + "\n");
        Files.writeString(pod.resolve("memory.current"), (300 * MIB) + "\n");
        Files.writeString(app.resolve("memory.current"), (200 * MIB) + "\n");
        Files.writeString(app.resolve("memory.max"), "max\n");
        Files.writeString(app.resolve("memory.high"), (400 * MIB) + "\n");
        Files.writeString(app.resolve("memory.low"), "0\n");
        Files.writeString(app.resolve("memory.swap.current"), "0\n");
        Files.writeString(app.resolve("memory.swap.max"), "0\n");
        Files.writeString(app.resolve("memory.events"), "low 0\nhigh 12\nmax 3\noom 1\noom_kill 1\n");
        Files.writeString(app.resolve("memory.stat"), "anon 150000000\nfile 50000000\nkernel 3000000\n"
                + "sock 0\nshmem 0\nfile_mapped 1000\nfile_dirty 0\nfile_writeback 0\ninactive_anon 1\n"
                + "active_anon 2\ninactive_file 3\nactive_file 4\nslab 5\n");
        Files.writeString(app.resolve("memory.pressure"), "some avg10=2.00 avg60=1.00 avg300=0.50 total=777\n"
                + "full avg10=1.00 avg60=0.50 avg300=0.25 total=333\n");

        ContainerMemory m = ContainerMemory.read(v2(mount, "/pod/app"));
        assertTrue(m.available(), m.problem());
        assertEquals(2, m.cgroupVersion());
        assertEquals(200 * MIB, m.usage());
        assertEquals(ContainerMemory.NO_LIMIT, m.get(MemoryFigure.LIMIT));
        assertEquals(400 * MIB, m.get(MemoryFigure.HIGH));
        assertEquals(0, m.get(MemoryFigure.LOW));
        assertEquals(ContainerMemory.UNAVAILABLE, m.get(MemoryFigure.MIN), "no memory.min file");
        assertEquals(ContainerMemory.UNAVAILABLE, m.get(MemoryFigure.PEAK), "no memory.peak (before 5.19)");
        assertEquals(1, m.oomKills());
        assertEquals(12, m.get(MemoryFigure.EVENTS_HIGH));
        assertEquals(150000000, m.get(MemoryFigure.ANON));
        assertEquals(5, m.get(MemoryFigure.SLAB));
        assertEquals(ContainerMemory.UNAVAILABLE, m.get(MemoryFigure.HIERARCHICAL_LIMIT), "a v1 figure");
        assertEquals(ContainerMemory.UNAVAILABLE, m.get(MemoryFigure.FAIL_COUNT), "a v1 figure");
        assertEquals(512 * MIB, m.bindingLimit());
        assertEquals("/pod", m.bindingLimitPath());
        assertEquals(300 * MIB, m.bindingLimitUsage());
        assertEquals(0, m.bindingSwapLimit(), "memory.swap.max 0: no swap for this cgroup");
        assertEquals(777, m.cgroupPressure().someTotalMicros());
        // the pod has 212 MiB left; this machine has far more available, so the pod's limit binds
        assertEquals(MemoryHeadroom.Bound.CGROUP_LIMIT, m.headroom().bound(), m.headroom().reason());
        assertEquals(212 * MIB, m.headroom().bytes(), "swap.max 0 lets no swap count: " + m.headroom().reason());
    }

    @Test
    void aCgroupRemovedOrWithoutTheControllerIsUnavailableWithTheReason(@TempDir Path mount) throws Exception {
        Path app = Files.createDirectories(mount.resolve("app"));
        Files.writeString(app.resolve("cgroup.procs"), "1\n"); // a v2 cgroup without the memory controller
        ContainerMemory without = ContainerMemory.read(v2(mount, "/app"));
        assertFalse(without.available());
        assertTrue(without.problem().contains("not enabled"), without.problem());
        assertEquals(ContainerMemory.UNAVAILABLE, without.bindingLimit());
        assertNull(without.bindingLimitPath());
        for (MemoryFigure figure : MemoryFigure.values()) {
            assertEquals(ContainerMemory.UNAVAILABLE, without.get(figure), figure.toString());
        }
        assertNotEquals(MemoryHeadroom.Bound.CGROUP_LIMIT, without.headroom().bound());

        ContainerMemory gone = ContainerMemory.read(v2(mount, "/removed"));
        assertFalse(gone.available());
        assertTrue(gone.problem().contains("gone"), gone.problem());
        assertEquals(ContainerMemory.UNAVAILABLE, gone.usage());

        ContainerMemory none = ContainerMemory.read(null);
        assertFalse(none.available());
        assertEquals(0, none.cgroupVersion());
    }

    @Test
    void thisProcesssCgroupIsReadAsTheKernelWritesIt() {
        String line = Arrays.stream(GroundTruth.read("/proc/self/cgroup").split("\n"))
                .filter(l -> l.split(":")[1].equals("memory")).findFirst().orElse(null);
        ContainerMemory m = ContainerMemory.now();
        if (line == null) {
            return; // a v2-only host: the fixture tests cover it
        }
        String path = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1);
        Path directory = Path.of("/sys/fs/cgroup/memory" + path);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(directory), "no " + directory);
        assertTrue(m.available(), m.problem());
        assertEquals(1, m.cgroupVersion());
        assertEquals(path, m.cgroupPath());
        String stat = GroundTruth.read(directory.resolve("memory.stat").toString());
        for (MemoryFigure figure : MemoryFigure.values()) {
            String where = figure.v1Name();
            boolean present = where != null && (where.contains(" ")
                    ? ("\n" + stat).contains("\n" + where.substring(where.indexOf(' ') + 1) + " ")
                            || !where.startsWith("memory.stat") && Files.exists(directory.resolve(where.split(" ")[0]))
                    : Files.exists(directory.resolve(where)));
            assertEquals(present, m.get(figure) != ContainerMemory.UNAVAILABLE,
                    figure + " (" + where + ") is read exactly where the kernel has it: " + m.get(figure));
        }
        assertEquals(Integer.parseInt(GroundTruth.read("/proc/self/oom_score_adj").trim()), m.oomScoreAdj());
        int score = Integer.parseInt(GroundTruth.read("/proc/self/oom_score").trim());
        assertTrue(Math.abs(score - m.oomScore()) <= 5, "oom_score " + score + ", read " + m.oomScore());
    }

    @Test
    void aSamplerReadsWhatASnapshotReadsAndGoesOnAfterItIsClosed() {
        ContainerMemory.Sampler sampler = ContainerMemory.sampler();
        ContainerMemory kept = sampler.sample();
        ContainerMemory once = ContainerMemory.now();
        ContainerMemory again = sampler.sample();
        assertEquals(once.available(), kept.available(), kept + " / " + once);
        assertEquals(once.cgroupVersion(), kept.cgroupVersion());
        assertEquals(once.cgroupPath(), kept.cgroupPath());
        assertEquals(once.bindingLimit(), kept.bindingLimit());
        assertEquals(once.bindingLimitPath(), kept.bindingLimitPath());
        assertEquals(once.headroom().bound(), kept.headroom().bound());
        assertEquals(once.oomScoreAdj(), kept.oomScoreAdj());
        assertEquals(once.systemPressure().available(), kept.systemPressure().available());
        for (MemoryFigure figure : MemoryFigure.values()) {
            assertEquals(once.get(figure) == ContainerMemory.UNAVAILABLE, again.get(figure) == ContainerMemory.UNAVAILABLE,
                    figure + ": read by both or by neither: " + once.get(figure) + " / " + again.get(figure));
            if (figure.isLimit() || figure == MemoryFigure.OOM_KILL || figure == MemoryFigure.OOM_KILL_DISABLE) {
                assertEquals(once.get(figure), again.get(figure), figure.toString());
            }
        }
        sampler.close();
        ContainerMemory closed = sampler.sample();
        assertEquals(once.cgroupPath(), closed.cgroupPath(), "a closed sampler reads as now() does");
        assertEquals(once.available(), closed.available());
    }

    @Test
    void theSystemFiguresOfASampleHaveTheCgroupFiguresSystemMemoryReadsItself() {
        try (ContainerMemory.Sampler sampler = ContainerMemory.sampler()) {
            SystemMemory own = SystemMemory.now();
            SystemMemory withSample = sampler.sample().system();
            assertEquals(own.cgroupVersion(), withSample.cgroupVersion());
            assertEquals(own.cgroupPath(), withSample.cgroupPath());
            assertEquals(own.cgroupLimit(), withSample.cgroupLimit(), "the smallest limit on the way up, -1 for none");
            assertEquals(own.overcommitMode(), withSample.overcommitMode());
            assertEquals(own.commitLimit(), withSample.commitLimit());
            assertEquals(own.memTotal(), withSample.memTotal());
            assertTrue(own.cgroupUsage() > 0 == withSample.cgroupUsage() > 0, own + " / " + withSample);
        }
    }
}
