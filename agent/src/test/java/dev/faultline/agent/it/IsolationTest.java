package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.it.platformapps.AppClassPath;
import dev.faultline.agent.it.platformapps.ByteBuddyApp;
import dev.faultline.agent.it.platformapps.MockitoApp;
import dev.faultline.agent.it.platformapps.Slf4jApp;
import dev.faultline.agent.it.platformapps.TouchApp;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's own libraries stay invisible to applications that bring their own:
 * ByteBuddy 1.14, Mockito 5 with ByteBuddy 1.15, SLF4J. Each app runs on a class path of
 * the test classes and its own jars only (not the test class path, which holds our
 * ByteBuddy 1.18 and JUnit), once with the agent and once without.
 */
class IsolationTest {
    private static final String START = "-------------------- Start trace --------------------";
    private static final String END = "--------------------- End trace ---------------------";
    private static final int SLF4J_CALLS = 2;

    private static AgentJvm.Result byteBuddy;
    private static AgentJvm.Result byteBuddyAlone;
    private static AgentJvm.Result mockito;
    private static AgentJvm.Result mockitoAlone;
    private static AgentJvm.Result slf4j;
    private static String unusedJnrPath;
    private static AgentJvm.Result unusedJnr;

    /** Runs the apps two at a time (this machine has two cores). */
    @BeforeAll
    static void runApps() throws Exception {
        String byteBuddyPath = AppClassPath.testClasses().itLib("bytebuddy-1.14").toString();
        CompletableFuture<AgentJvm.Result> alone = CompletableFuture.supplyAsync(
                () -> AgentJvm.main(ByteBuddyApp.class).classPath(byteBuddyPath).run());
        byteBuddy = AgentJvm.main(ByteBuddyApp.class).classPath(byteBuddyPath)
                .options("trace=" + ByteBuddyApp.GENERATED + "#toString,sink=stderr").run();
        byteBuddyAlone = alone.get();

        String mockitoPath = AppClassPath.testClasses().itLib("mockito").toString();
        alone = CompletableFuture.supplyAsync(() -> AgentJvm.main(MockitoApp.class).classPath(mockitoPath).run());
        mockito = AgentJvm.main(MockitoApp.class).classPath(mockitoPath)
                .options("trace=org.mockito.Mockito#when,sink=stderr").run();
        mockitoAlone = alone.get();

        unusedJnrPath = AppClassPath.testClasses().nativeBridge().toString();
        alone = CompletableFuture.supplyAsync(() -> AgentJvm.main(TouchApp.class).classPath(unusedJnrPath)
                .options("sink=stderr").jvmArgs("-Xlog:class+load=info").args("1", "0").run());
        String slf4jPath = AppClassPath.testClasses().itLib("slf4j").nativeBridge().toString();
        slf4j = AgentJvm.main(Slf4jApp.class).classPath(slf4jPath)
                .options("trace=" + TouchApp.TRACED + ",sink=slf4j").args(String.valueOf(SLF4J_CALLS)).run();
        unusedJnr = alone.get();
    }

    // ---- (a) an application's own, older ByteBuddy

    @Test
    void appWithByteBuddy114SeesItsOwnByteBuddyUnderTheAgent() {
        assertEquals(0, byteBuddy.exitCode, byteBuddy::toString);
        assertTrue(byteBuddy.stdout.contains("bytebuddy.version=1.14.18\n"), byteBuddy::toString);
        assertTrue(byteBuddy.stdout.contains("bytebuddy.jar=byte-buddy-1.14.18.jar\n"), byteBuddy::toString);
        assertTrue(byteBuddy.stdout.contains("bytebuddy.copies=[byte-buddy-1.14.18.jar]\n"), byteBuddy::toString);
        assertTrue(byteBuddy.stdout.contains("generated.toString=hello from a class made by ByteBuddy\n"),
                byteBuddy::toString);
    }

    @Test
    void appWithByteBuddy114PrintsTheSameWithAndWithoutTheAgent() {
        assertEquals(0, byteBuddyAlone.exitCode, byteBuddyAlone::toString);
        assertEquals(byteBuddyAlone.stdout, byteBuddy.stdout);
        assertEquals(byteBuddyAlone.stderr, withoutDumps(byteBuddy.stderr), byteBuddy::toString);
    }

    @Test
    void classMadeByTheAppsByteBuddyIsTraced() {
        List<List<String>> dumps = AgentJvm.Result.dumps(byteBuddy.stderr);
        assertEquals(1, dumps.size(), byteBuddy::toString);
        assertTrue(dumps.get(0).get(1).startsWith(ByteBuddyApp.GENERATED + ".toString("), byteBuddy::toString);
    }

    // ---- (b) the agent's own classes

    @Test
    void appCannotLoadTheAgentsLibrariesOrItsInternals() {
        for (String name : List.of("jnr.ffi.LibraryLoader", "com.kenai.jffi.Foreign",
                "dev.faultline.agent.internal.AgentCore", "dev.faultline.agent.internal.trace.Tracer",
                "dev.faultline.nativebridge.NativeMemory")) {
            assertTrue(byteBuddy.stdout.contains("load." + name + "=ClassNotFoundException\n"),
                    () -> name + " is visible to the application:\n" + byteBuddy);
        }
    }

    @Test
    void agentLoadsNoClassFromTheApplicationsOwnJnrAndJffi() {
        // the app has JNR-FFI and jffi on its class path but never uses them (zero calls):
        // every class loaded from those jars was loaded for the agent, which has its own copies
        AgentJvm.Result run = unusedJnr;
        assertEquals(0, run.exitCode, run::toString);
        List<String> appJars = new ArrayList<>();
        for (String entry : unusedJnrPath.split(File.pathSeparator)) {
            if (entry.matches(".*/(jnr-|jffi-|asm-)[^/]*\\.jar")) {
                appJars.add(entry);
            }
        }
        Set<String> fromAppJars = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)\\[class,load\\] (\\S+) source: (?:file:)?(\\S+)$").matcher(run.stdout);
        while (m.find()) {
            if (appJars.contains(m.group(2))) {
                fromAppJars.add(m.group(2).replaceAll(".*/", "") + ": " + m.group(1));
            }
        }
        assertTrue(fromAppJars.isEmpty(), () -> fromAppJars.size() + " classes of the application's own JNR/jffi"
                + " were loaded, though the application never uses them (the agent's JNR reached them):\n"
                + String.join("\n", fromAppJars));
    }

    // ---- (c) Mockito and its ByteBuddy 1.15

    @Test
    void mockitoMocksAndStubsUnderTheAgent() {
        assertEquals(0, mockito.exitCode, mockito::toString);
        assertEquals("mock.greet(world)=stubbed\nmock.greet(other)=null\nverify=null\nmock.isMock=true\n"
                + "bytebuddy.jar=byte-buddy-1.15.4.jar\n", mockito.stdout, mockito::toString);
    }

    @Test
    void mockitoAppPrintsTheSameWithAndWithoutTheAgent() {
        assertEquals(0, mockitoAlone.exitCode, mockitoAlone::toString);
        assertEquals(mockitoAlone.stdout, mockito.stdout);
        assertEquals(mockitoAlone.stderr, withoutDumps(mockito.stderr), mockito::toString);
    }

    @Test
    void mockitosOwnClassesAreTraced() {
        List<List<String>> dumps = AgentJvm.Result.dumps(mockito.stderr);
        assertEquals(1, dumps.size(), mockito::toString);
        assertTrue(dumps.get(0).get(1).startsWith("org.mockito.Mockito.when("), mockito::toString);
    }

    // ---- (d) SLF4J: dumps through the application's own logger

    @Test
    void sinkSlf4jSendsEachDumpWholeAsOneLogEvent() {
        int calls = SLF4J_CALLS;
        AgentJvm.Result run = slf4j;
        assertEquals(0, run.exitCode, run::toString);

        List<String> events = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(Slf4jApp.OPEN) + "(.*?)" + Pattern.quote(Slf4jApp.CLOSE), Pattern.DOTALL)
                .matcher(run.stderr);
        while (m.find()) {
            events.add(m.group(1));
        }
        String prefix = "[main] INFO faultline.trace - ";
        assertEquals("[main] INFO app - started", events.get(0), run::toString);
        assertEquals("[main] INFO app - done", events.get(events.size() - 1), run::toString);
        assertEquals(calls + 2, events.size(), run::toString);
        for (String event : events.subList(1, events.size() - 1)) {
            assertTrue(event.startsWith(prefix + START + "\n"), () -> "not a dump from logger faultline.trace: " + event);
            assertTrue(event.endsWith("\n" + END), () -> "not a whole dump: " + event);
            List<String> lines = List.of(event.substring(prefix.length()).split("\n"));
            assertEquals(1, AgentJvm.Result.dumps(String.join("\n", lines)).size(), event);
            assertTrue(lines.get(1).startsWith("dev.faultline.nativebridge.NativeMemory.touch("), event);
            assertTrue(lines.get(2).trim().startsWith(TouchApp.class.getName() + ".touchFresh("), event);
        }
        assertEquals(0, count(run.stderr, START), () -> "dumps outside the log events:\n" + run);
        assertFalse(run.stderr.contains("faultline: sink=slf4j"), run::toString);
    }

    /** {@code text} without the dumps in it. */
    private static String withoutDumps(String text) {
        StringBuilder out = new StringBuilder();
        boolean inDump = false;
        for (String line : text.split("\n", -1)) {
            if (line.equals(START)) {
                inDump = true;
            }
            if (!inDump) {
                out.append(line).append('\n');
            }
            if (line.equals(END)) {
                inDump = false;
            }
        }
        return out.substring(0, out.length() - 1);
    }

    private static int count(String text, String line) {
        int n = 0;
        for (String l : text.split("\\R")) {
            if (l.equals(line)) {
                n++;
            }
        }
        return n;
    }
}
