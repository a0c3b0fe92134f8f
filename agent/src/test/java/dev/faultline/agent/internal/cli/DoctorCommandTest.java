package dev.faultline.agent.internal.cli;

import dev.faultline.nativebridge.ContainerMemory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code doctor}'s container line for given figures, in the Container MXBean's units. */
class DoctorCommandTest {
    private static final long MIB = 1L << 20;
    private static final String REASON = "The cgroup /app may be charged 155.5 MiB more (limit 256.0 MiB, usage"
            + " 100.5 MiB, page cache included), with no swap; beyond that the kernel, having reclaimed what page"
            + " cache it can, OOM-kills the process in it with the highest oom_score.";

    /** A v1 cgroup {@code /app} limited to 256 MiB, 100.5 MiB used, nothing killed. */
    private static Map<String, Object> limited() {
        Map<String, Object> v = new HashMap<>();
        v.put("Available", true);
        v.put("Problem", "");
        v.put("CgroupVersion", 1);
        v.put("CgroupPath", "/app");
        v.put("Usage", 100 * MIB + MIB / 2);
        v.put("BindingLimit", 256 * MIB);
        v.put("BindingLimitPath", "/app");
        v.put("BindingLimitUsage", 100 * MIB + MIB / 2);
        v.put("Headroom", 155 * MIB + MIB / 2);
        v.put("HeadroomBound", "CGROUP_LIMIT");
        v.put("HeadroomReason", REASON);
        v.put("PressureSomeAvg10", 0.0012);
        v.put("PressureFullAvg10", 0.0);
        v.put("PressureSource", "system");
        v.put("OomKills", 0L);
        v.put("OomScore", 671);
        v.put("OomScoreAdj", 0);
        return v;
    }

    private static DoctorCommand.Check check(Map<String, Object> values) {
        return DoctorCommand.container(ContainerFigures.of(values));
    }

    @Test
    void theBindingLimitIsNamedWithItsCgroupTheHeadroomAndTheReason() {
        DoctorCommand.Check check = check(limited());
        assertEquals(DoctorCommand.Status.OK, check.status, check.text);
        assertEquals("ok   cgroup memory   v1 /app: binding limit 256.0 MiB set by /app (usage 100.5 MiB);"
                + " headroom 155.5 MiB (61% of the limit) before the cgroup limit. " + REASON
                + " Memory pressure (system, avg10): some 0.12%, full 0.00%. oom_kill 0, oom_score 671 (oom_score_adj 0).",
                check.line());
    }

    @Test
    void aParentsLimitThatBindsIsNamedByTheParentsPathWithItsUsage() {
        Map<String, Object> v = limited();
        v.put("CgroupPath", "/pod/app");
        v.put("Usage", 10 * MIB);
        v.put("BindingLimitPath", "/pod");
        v.put("BindingLimitUsage", 200 * MIB);
        v.put("Headroom", 56 * MIB);
        DoctorCommand.Check check = check(v);
        assertEquals(DoctorCommand.Status.OK, check.status, check.text);
        assertTrue(check.text.startsWith("v1 /pod/app: binding limit 256.0 MiB set by /pod (usage 200.0 MiB);"
                + " headroom 56.0 MiB (22% of the limit) before the cgroup limit."), check.text);
    }

    @Test
    void headroomUnderATenthOfTheBindingLimitWarns() {
        Map<String, Object> v = limited();
        v.put("Headroom", 25 * MIB);
        DoctorCommand.Check check = check(v);
        assertEquals(DoctorCommand.Status.WARN, check.status, check.text);
        assertTrue(check.text.startsWith("headroom under 10% of the binding limit: v1 /app: binding limit 256.0 MiB"),
                check.text);
        assertTrue(check.text.contains("headroom 25.0 MiB (10% of the limit)"), check.text);

        v.put("Headroom", 26 * MIB); // 10.2%
        assertEquals(DoctorCommand.Status.OK, check(v).status, check(v).text);
    }

    @Test
    void headroomBelowZeroIsOverTheLimitAndWarns() {
        Map<String, Object> v = limited();
        v.put("Headroom", -12 * MIB);
        DoctorCommand.Check check = check(v);
        assertEquals(DoctorCommand.Status.WARN, check.status, check.text);
        assertTrue(check.text.startsWith("no headroom left: "), check.text);
        assertTrue(check.text.contains("headroom -12.0 MiB (over the limit) before the cgroup limit."), check.text);
    }

    @Test
    void anOomKillInTheCgroupWarnsAndCountsThem() {
        Map<String, Object> v = limited();
        v.put("OomKills", 2L);
        DoctorCommand.Check check = check(v);
        assertEquals(DoctorCommand.Status.WARN, check.status, check.text);
        assertTrue(check.text.startsWith("the OOM killer has killed 2 processes in this cgroup: v1 /app:"), check.text);
        assertTrue(check.text.endsWith(" oom_kill 2, oom_score 671 (oom_score_adj 0)."), check.text);

        v.put("OomKills", 1L);
        v.put("Headroom", MIB);
        assertTrue(check(v).text.startsWith("the OOM killer has killed 1 process in this cgroup; headroom under 10%"
                + " of the binding limit: "), check(v).text);
    }

    @Test
    void withoutALimitTheSystemsAvailableMemoryBoundsAndThereIsNoShareOfALimit() {
        Map<String, Object> v = limited();
        v.put("Usage", 3 * MIB);
        v.put("BindingLimit", -1L);
        v.put("BindingLimitPath", "");
        v.put("BindingLimitUsage", -1L);
        v.put("Headroom", 23L << 30);
        v.put("HeadroomBound", "AVAILABLE_MEMORY");
        v.put("HeadroomReason", "The system has 23.0 GiB of RAM available.");
        DoctorCommand.Check check = check(v);
        assertEquals(DoctorCommand.Status.OK, check.status, check.text);
        assertTrue(check.text.startsWith("v1 /app: no memory limit on it or its ancestors (usage 3.0 MiB);"
                + " headroom 23.0 GiB before the system's available memory. The system has 23.0 GiB of RAM available."),
                check.text);
        assertFalse(check.text.contains("of the limit"), check.text);
    }

    @Test
    void pressureAndScoresThatCannotBeReadAreLeftOut() {
        Map<String, Object> v = limited();
        v.put("PressureSomeAvg10", Double.NaN);
        v.put("PressureFullAvg10", -1.0);
        v.put("PressureSource", "unavailable");
        v.put("OomScore", -1);
        v.put("OomScoreAdj", -1001);
        DoctorCommand.Check check = check(v);
        assertFalse(check.text.contains("Memory pressure") || check.text.contains("oom_score "), check.text);
        assertTrue(check.text.endsWith(REASON + " oom_kill 0."), check.text);
    }

    @Test
    void aCgroupThatCannotBeReadIsSaidPlainlyAndOnlyWarns() {
        Map<String, Object> v = new HashMap<>();
        v.put("Available", false);
        v.put("Problem", "cannot read /sys/fs/cgroup/app/memory.current: the memory controller is not enabled for"
                + " this cgroup");
        v.put("CgroupVersion", 2);
        v.put("CgroupPath", "/app");
        v.put("Headroom", 23L << 30);
        v.put("HeadroomBound", "AVAILABLE_MEMORY");
        v.put("HeadroomReason", "The system has 23.0 GiB of RAM available.");
        v.put("OomKills", -1L);
        DoctorCommand.Check check = check(v);
        assertEquals(DoctorCommand.Status.WARN, check.status, check.text);
        assertEquals("v2 /app cannot be read: cannot read /sys/fs/cgroup/app/memory.current: the memory controller is"
                + " not enabled for this cgroup; headroom 23.0 GiB before the system's available memory. The system"
                + " has 23.0 GiB of RAM available.", check.text);

        v.put("CgroupVersion", 0);
        v.put("CgroupPath", "");
        v.put("Problem", "no cgroup with the memory controller is listed in /proc/self/cgroup and mounted here");
        DoctorCommand.Check none = check(v);
        assertEquals(DoctorCommand.Status.OK, none.status, "outside a container: " + none.text);
        assertTrue(none.text.startsWith("no memory cgroup: no cgroup with the memory controller"), none.text);

        DoctorCommand.Check nothing = check(Map.of());
        assertEquals(DoctorCommand.Status.OK, nothing.status, nothing.text);
        assertEquals("no memory cgroup: why is not known; headroom unknown.", nothing.text);
    }

    @Test
    void thisJvmsOwnContainerMemoryComesInTheMXBeansUnits() {
        ContainerMemory memory = ContainerMemory.now();
        ContainerFigures figures = ContainerFigures.of(memory);
        assertNotEquals(ContainerMemory.NO_LIMIT, figures.bindingLimit, "no limit reads -1");
        assertEquals(memory.bindingLimit() == ContainerMemory.NO_LIMIT ? -1 : memory.bindingLimit(),
                figures.bindingLimit);
        assertEquals(memory.headroom().bound().name(), figures.headroomBound);
        assertTrue(Double.isNaN(figures.pressureSome10) || figures.pressureSome10 >= 0 && figures.pressureSome10 <= 1,
                "a share: " + figures.pressureSome10);
        DoctorCommand.Check check = DoctorCommand.container(figures);
        assertNotEquals(DoctorCommand.Status.FAIL, check.status, check.text);
        assertTrue(check.line().matches("(ok  |warn) cgroup memory   \\S.*"), check.line());
    }
}
