package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.FreedBuffersApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping tracker on Temurin 25 ({@link AgentJvm#JDK_25}): FFM allocations and file
 * mappings into an arena (a Java 22+ program run from source, {@code FfmApp.java}) are
 * tracked with their origin and forgotten when the arena closes or becomes unreachable;
 * direct buffers and {@code FileChannel.map} work as on Java 17; no hook is missing.
 */
class MappingsJava25Test {
    private static final String[] QUIET = {"--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"};

    @TempDir
    static Path dir;

    private static Path source;
    private static AgentJvm.Result ffm;
    private static AgentJvm.Result freed;

    @BeforeAll
    static void runOnJdk25() throws Exception {
        assertTrue(Files.isExecutable(AgentJvm.JDK_25.resolve("bin/java")), "no JDK 25 at " + AgentJvm.JDK_25
                + ": these tests need Temurin 25 there (the java-maven machine image has it)");
        source = testResource("java22/FfmApp.java");
        CompletableFuture<AgentJvm.Result> freedRun = CompletableFuture.supplyAsync(() ->
                AgentJvm.main(FreedBuffersApp.class).javaHome(AgentJvm.JDK_25)
                        .classPath(AppClassPath.testClasses().nativeBridge().toString()).options("sink=stderr")
                        .jvmArgs(QUIET).jvmArgs("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED")
                        .args(dir.toString()).run());
        ffm = AgentJvm.main(source.toString()).javaHome(AgentJvm.JDK_25).classPath(AppClassPath.testClasses().toString())
                .options("sink=stderr,period=200ms").jvmArgs(QUIET).args(dir.toString()).run();
        freed = freedRun.get();
        assertEquals(0, ffm.exitCode, ffm::toString);
        assertEquals(0, freed.exitCode, freed::toString);
    }

    private static Path testResource(String name) throws URISyntaxException {
        return Path.of(AppClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(name);
    }

    /** The line of {@code FfmApp.java} that holds {@code text}. */
    private static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no '" + text + "' in " + source);
    }

    @Test
    void anArenaAllocationIsTrackedWithItsAddressResidencyAndOrigin() throws IOException {
        Map<String, String> row = PrintedPairs.of(ffm, "ROW allocated ");
        assertEquals("FFM allocation", row.get("kind"));
        assertEquals(PrintedPairs.of(ffm, "OWN ").get("allocated"), row.get("address"), "MemorySegment.address()");
        assertEquals(String.valueOf((3 << 20) + 4096), row.get("sizeBytes"));
        assertEquals(row.get("sizeBytes"), row.get("residentBytes"), "filled: every page resident");
        assertEquals("", row.get("file"));
        assertEquals("Arena.allocate at FfmApp.allocate(FfmApp.java:" + lineOf("return arena.allocate(size);") + ")",
                row.get("origin"));
    }

    @Test
    void aFileMappingIntoAnArenaIsTrackedWithItsFile() throws IOException {
        Map<String, String> row = PrintedPairs.of(ffm, "ROW mapped ");
        assertEquals("FFM file mapping", row.get("kind"));
        assertEquals(PrintedPairs.of(ffm, "OWN ").get("mapped"), row.get("address"));
        assertEquals(String.valueOf((5 << 20) + 4096), row.get("sizeBytes"));
        assertTrue(row.get("file").startsWith(dir.resolve("ffm").toString()), row::toString);
        assertTrue(Long.parseLong(row.get("residentBytes")) >= 4096, row::toString);
        assertEquals("FileChannel.map at FfmApp.map(FfmApp.java:" + lineOf("return channel.map(") + ")",
                row.get("origin"));
    }

    @Test
    void allocationsSmallerThanAPageAreNotTracked() {
        assertTrue(ffm.stdout.contains("ROW small false"), ffm::toString);
    }

    @Test
    void closingTheArenaForgetsItsMemory() {
        assertTrue(ffm.stdout.contains("GONE allocated true"), ffm::toString);
        assertTrue(ffm.stdout.contains("GONE mapped true"), ffm::toString);
    }

    @Test
    void anAutomaticArenaIsForgottenWhenItIsCollected() {
        assertEquals("FFM allocation", PrintedPairs.of(ffm, "ROW auto ").get("kind"));
        assertTrue(ffm.stdout.contains("GONE auto true collected true"), ffm::toString);
    }

    @Test
    void directBuffersAndFileChannelMapAreTrackedAndForgottenAsOnJava17() {
        Map<String, String> own = PrintedPairs.of(freed, "OWN ");
        assertEquals(own.get("direct"), PrintedPairs.of(freed, "BEFORE direct ").get("address"), freed::toString);
        assertEquals(own.get("mapped"), PrintedPairs.of(freed, "BEFORE mapped ").get("address"), freed::toString);
        Map<String, String> after = PrintedPairs.of(freed, "AFTER ");
        assertEquals("false", after.get("direct"), freed::toString);
        assertEquals("false", after.get("mapped"), freed::toString);
    }

    @Test
    void everyHookIsInOnJava25() {
        for (AgentJvm.Result run : List.of(ffm, freed)) {
            assertFalse(run.stderr.contains("faultline: warning") || run.stderr.contains("faultline: error"),
                    run::toString);
            assertFalse(run.stderr.contains("WARNING:"), run::toString);
        }
    }
}
