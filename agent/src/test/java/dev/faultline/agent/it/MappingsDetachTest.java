package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.DetachedMappingsApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detaching the agent removes the mapping tracker: its MXBean goes, and the JDK's mapping
 * methods are retransformed back, so that they no longer call faultline's probe (a
 * listener that {@link DetachedMappingsApp} puts into the probe hears nothing; without the
 * detach, the same listener hears both mappings).
 */
class MappingsDetachTest {
    @TempDir
    Path dir;

    private AgentJvm.Result run(String mode) {
        return AgentJvm.main(DetachedMappingsApp.class).classPath(AppClassPath.testClasses().toString())
                .options("sink=stderr").jvmArgs("-Djdk.attach.allowAttachSelf=true")
                .args(AgentJvm.AGENT_JAR.toAbsolutePath().toString(), dir.toString(), mode).run();
    }

    @Test
    void afterDetachTheJdkNoLongerCallsTheProbe() throws Exception {
        CompletableFuture<AgentJvm.Result> stayRun = CompletableFuture.supplyAsync(() -> run("stay"));
        AgentJvm.Result detached = run("detach");
        AgentJvm.Result stayed = stayRun.get();

        assertEquals(0, detached.exitCode, detached::toString);
        assertTrue(detached.stdout.contains("before registered=true rows=1"), detached::toString);
        assertTrue(detached.stderr.contains("faultline: detached"), detached::toString);
        assertTrue(detached.stdout.contains("after registered=false"), detached::toString);
        assertTrue(detached.stdout.contains("heard 0 "), detached::toString);

        assertEquals(0, stayed.exitCode, stayed::toString);
        assertTrue(stayed.stdout.contains("after registered=true"), stayed::toString);
        assertTrue(stayed.stdout.contains("heard 2 "), () -> "the hooks were never in: " + stayed);
    }
}
