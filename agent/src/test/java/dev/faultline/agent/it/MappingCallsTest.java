package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.MappingCallsApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hooked JDK methods do what they did before: {@link MappingCallsApp} maps files and
 * allocates direct buffers (and fails to, in the ways the JDK fails) with and without the
 * agent, on Java 17 and on Java 25, and prints the same. The runs with the agent verify
 * the JDK's own classes ({@code -XX:+BytecodeVerificationLocal}), so that the hooked
 * methods pass the bytecode verifier.
 */
class MappingCallsTest {
    private static final List<String> VERIFY = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:+BytecodeVerificationLocal");
    private static final List<String> JDK25_QUIET = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void mappingCallsReturnAndThrowTheSameWithTheAgent(int jdk) throws Exception {
        Path home = jdk == 25 ? AgentJvm.JDK_25 : Path.of(System.getProperty("java.home"));
        assertTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK " + jdk + " at " + home);
        CompletableFuture<AgentJvm.Result> plainRun = CompletableFuture.supplyAsync(() -> run(home, null, List.of()));
        List<String> flags = new ArrayList<>(VERIFY);
        if (jdk == 25) {
            flags.addAll(JDK25_QUIET);
        }
        AgentJvm.Result traced = run(home, "sink=stderr", flags);
        AgentJvm.Result plain = plainRun.get();

        assertEquals(0, plain.exitCode, plain::toString);
        assertEquals(0, traced.exitCode, traced::toString);
        assertEquals(plain.stdout, traced.stdout);
        assertTrue(traced.stdout.contains("closed channel threw java.nio.channels.ClosedChannelException"),
                traced::toString);
        assertTrue(traced.stdout.contains("kept 6"), traced::toString);
        // the six buffers of a page or more that it keeps, hooked and verified
        assertTrue(traced.stderr.contains("TRACKED 6"), traced::toString);
        assertFalse(traced.stderr.contains("faultline: warning") || traced.stderr.contains("faultline: error")
                || traced.stderr.contains("VerifyError"), traced::toString);
    }

    @Test
    void theTrackersOwnWorkIsNotTraced() {
        // the tracker walks the stack on the application's thread for each mapping; the app never does
        AgentJvm.Result traced = run(Path.of(System.getProperty("java.home")),
                "trace=java.lang.StackWalker#walk,sink=stderr,native=false", List.of());
        assertEquals(0, traced.exitCode, traced::toString);
        assertTrue(traced.stderr.contains("TRACKED 6"), traced::toString);
        assertEquals(List.of(), AgentJvm.Result.dumps(traced.stderr), traced::toString);
    }

    private AgentJvm.Result run(Path home, String options, List<String> flags) {
        return AgentJvm.main(MappingCallsApp.class).javaHome(home)
                .classPath(AppClassPath.testClasses().toString()).options(options)
                .jvmArgs(flags.toArray(new String[0])).args(dir.toString()).run();
    }
}
