package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class CgroupTest {
    /** This machine's layout: v1 controllers each in its own hierarchy, v2 at unified with none of them. */
    private static final String HYBRID_MOUNTS = String.join("\n",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
            "");

    @Test
    void theCpuControllerIsNotTheCpuacctOne() {
        Cgroup cpu = Cgroup.locate("4:memory:/m\n2:cpuacct:/acct\n1:cpu:/job\n0::/\n", HYBRID_MOUNTS, "cpu");
        assertNotNull(cpu);
        assertEquals(1, cpu.version());
        assertEquals("/job", cpu.path());
        assertEquals(Path.of("/sys/fs/cgroup/cpu/job"), cpu.directory());
        assertEquals(Path.of("/sys/fs/cgroup/memory/m"),
                Cgroup.locate("4:memory:/m\n1:cpu:/job\n", HYBRID_MOUNTS, "memory").directory());
    }

    @Test
    void cpuAndCpuacctMayShareOneHierarchy() {
        String mounts = "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n";
        Cgroup cpu = Cgroup.locate("3:cpu,cpuacct:/docker/f00\n", mounts, "cpu");
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct/docker/f00"), cpu.directory());
    }

    @Test
    void withoutAV1CpuControllerTheV2HierarchyIsTheCandidate() {
        Cgroup cpu = Cgroup.locate("4:memory:/m\n0::/app.slice/x.service\n", HYBRID_MOUNTS, "cpu");
        assertEquals(2, cpu.version());
        assertEquals(Path.of("/sys/fs/cgroup/unified/app.slice/x.service"), cpu.directory());
        assertNull(Cgroup.locate("4:memory:/m\n", HYBRID_MOUNTS, "cpu"));
    }

    @Test
    void parentsGoUpToTheVisibleRootAndStop() {
        String mounts = "700 690 0:26 /kubepods/pod1 /sys/fs/cgroup ro - cgroup2 cgroup rw\n";
        Cgroup container = Cgroup.locate("0::/kubepods/pod1/c1/worker\n", mounts, "cpu");
        assertEquals(Path.of("/sys/fs/cgroup/c1/worker"), container.directory());
        Cgroup c1 = container.parent();
        assertEquals("/kubepods/pod1/c1", c1.path());
        assertEquals(Path.of("/sys/fs/cgroup/c1"), c1.directory());
        Cgroup pod = c1.parent();
        assertEquals("/kubepods/pod1", pod.path());
        assertEquals(Path.of("/sys/fs/cgroup"), pod.directory());
        assertNull(pod.parent(), "the pod's parent is not mounted here");

        Cgroup top = Cgroup.locate("1:cpu:/a\n", HYBRID_MOUNTS, "cpu");
        assertEquals("/", top.parent().path());
        assertEquals(Path.of("/sys/fs/cgroup/cpu"), top.parent().directory());
        assertNull(top.parent().parent());
    }
}
