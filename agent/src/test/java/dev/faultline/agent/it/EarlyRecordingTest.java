package dev.faultline.agent.it;

import com.acme.EarlyRecordingApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A recording that the application starts itself, before the agent's delayed services
 * (which listen for JFR) have started, still gets one event per traced call.
 */
class EarlyRecordingTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingStartedAtOnceByTheApplicationGetsAnEventForEveryCall() {
        AgentJvm.Result result = AgentJvm.main(EarlyRecordingApp.class)
                .options("trace=com.acme.EarlyRecordingApp#work,dump=none,sink=stderr")
                .args(dir.resolve("early.jfr").toString()).run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("MethodTrace events: 3\n", result.stdout, result::toString);
    }
}
