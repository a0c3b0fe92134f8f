package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.TouchApp;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent on Temurin 25 ({@link AgentJvm#JDK_25}, installed in the base image beside the
 * default JDK 17): mixed dumps as on 17, and the JDK 24+ warnings about native access and
 * {@code sun.misc.Unsafe}, which the two documented flags silence and which otherwise
 * change nothing for the application.
 */
class Java25Test {
    private static final List<String> QUIET = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private static AgentJvm.Result quiet;
    private static AgentJvm.Result plain;

    @BeforeAll
    static void runOnJdk25() throws Exception {
        assertTrue(Files.isExecutable(AgentJvm.JDK_25.resolve("bin/java")), "no JDK 25 at " + AgentJvm.JDK_25
                + ": these tests need Temurin 25 there (the java-maven machine image has it)");
        CompletableFuture<AgentJvm.Result> plainRun = CompletableFuture.supplyAsync(() -> touch(List.of()));
        quiet = touch(QUIET);
        plain = plainRun.get();
        // what JDK 25 says without the flags, for whoever reads the test output
        System.out.println("JDK 25 stderr without " + QUIET + ":\n" + String.join("\n", warnings(plain.stderr)));
    }

    private static AgentJvm.Result touch(List<String> flags) {
        List<String> jvmArgs = new ArrayList<>(flags);
        jvmArgs.add("-XX:+PreserveFramePointer");
        AgentJvm.Result result = AgentJvm.main(TouchApp.class).javaHome(AgentJvm.JDK_25)
                .classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("trace=" + TouchApp.TRACED + ",sink=stderr").jvmArgs(jvmArgs.toArray(new String[0]))
                .args("256", "1").run();
        assertTrue(result.command.get(0).startsWith(AgentJvm.JDK_25.toString()), result::toString);
        return result;
    }

    @Test
    void dumpOnJdk25ShowsJvmAndLibcFramesBelowTheJavaOnes() {
        assertEquals(0, quiet.exitCode, quiet::toString);
        List<List<String>> dumps = AgentJvm.Result.dumps(quiet.stderr);
        assertEquals(1, dumps.size(), quiet::toString);
        List<String> frames = new ArrayList<>();
        for (String line : dumps.get(0).subList(1, dumps.get(0).size() - 1)) {
            frames.add(line.trim());
        }
        assertTrue(frames.get(0).startsWith("dev.faultline.nativebridge.NativeMemory.touch("), quiet::toString);
        assertTrue(frames.get(1).startsWith(TouchApp.class.getName() + ".touchFresh("), quiet::toString);
        int callHelper = indexOf(frames, "JavaCalls::call_helper+0x", "[libjvm.so]");
        int startThread = indexOf(frames, "start_thread+0x", "[libc.so.6]");
        assertTrue(callHelper > 2 && startThread > callHelper, quiet::toString);
    }

    @Test
    void documentedFlagsLeaveNoJvmWarningOnJdk25() {
        assertEquals(List.of(), warnings(quiet.stderr), quiet::toString);
    }

    @Test
    void withoutTheFlagsJdk25WarnsAndTheAppRunsTheSame() {
        assertEquals(0, plain.exitCode, plain::toString);
        assertEquals(quiet.stdout, plain.stdout);
        assertEquals(1, AgentJvm.Result.dumps(plain.stderr).size(), plain::toString);
        List<String> warnings = warnings(plain.stderr);
        assertTrue(warnings.contains("WARNING: A restricted method in java.lang.System has been called"),
                plain::toString);
        assertTrue(warnings.contains("WARNING: A terminally deprecated method in sun.misc.Unsafe has been called"),
                plain::toString);
    }

    private static int indexOf(List<String> frames, String start, String end) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).startsWith(start) && frames.get(i).endsWith(end)) {
                return i;
            }
        }
        throw new AssertionError("no frame " + start + "... " + end + " in " + frames);
    }

    private static List<String> warnings(String stderr) {
        List<String> lines = new ArrayList<>();
        for (String line : stderr.split("\\R")) {
            if (line.startsWith("WARNING:") || line.contains("VM warning")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
