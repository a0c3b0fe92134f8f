package dev.faultline.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.FreedBuffersApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dev.faultline:type=Mappings} as the application itself reads it
 * ({@link FreedBuffersApp}): a direct buffer and a file mapping appear with their own
 * addresses, sizes, residency and origin, and disappear once they are unreachable and
 * freed.
 */
class MappingsMBeanTest {
    private static final long PAGE = 4096;

    @TempDir
    static Path dir;

    private static AgentJvm.Result run;
    private static Map<String, String> before;
    private static Map<String, String> beforeMapped;
    private static Map<String, String> own;
    private static Map<String, String> after;
    private static Map<String, String> counts;
    private static Map<String, String> truth;

    @BeforeAll
    static void runApp() {
        run = AgentJvm.main(FreedBuffersApp.class).classPath(AppClassPath.testClasses().nativeBridge().toString())
                .options("sink=stderr").jvmArgs("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED")
                .args(dir.toString()).run();
        assertEquals(0, run.exitCode, run::toString);
        before = PrintedPairs.of(run, "BEFORE direct ");
        beforeMapped = PrintedPairs.of(run, "BEFORE mapped ");
        own = PrintedPairs.of(run, "OWN ");
        after = PrintedPairs.of(run, "AFTER ");
        counts = PrintedPairs.of(run, "BEFORE counts ");
        truth = PrintedPairs.of(run, "TRUTH ");
    }

    @Test
    void theBeanIsRegisteredWithTheContractsItems() {
        assertTrue(run.stdout.contains("registered true"), run::toString);
        assertEquals("[address, file, kind, origin, residentBytes, sizeBytes]", before.get("items"));
    }

    @Test
    void aDirectBufferShowsItsOwnAddressSizeResidencyAndOrigin() {
        assertEquals("direct buffer", before.get("kind"));
        assertEquals(own.get("direct"), before.get("address"), "the address DirectBuffer.address() gives");
        assertEquals(String.valueOf(FreedBuffersApp.DIRECT_SIZE), before.get("sizeBytes"));
        // every page was written: all of it is resident (mincore counts the partial pages at both ends whole)
        assertEquals(String.valueOf(FreedBuffersApp.DIRECT_SIZE), before.get("residentBytes"));
        assertTrue(Long.parseLong(truth.get("direct")) >= FreedBuffersApp.DIRECT_SIZE, truth::toString);
        assertEquals("", before.get("file"));
        assertTrue(before.get("origin").startsWith("ByteBuffer.allocateDirect at com.acme.FreedBuffersApp.makeAndShow("
                + "FreedBuffersApp.java:"), before::toString);
    }

    @Test
    void aFileMappingShowsItsFileAndThePageThatWasWritten() {
        assertEquals("FileChannel.map", beforeMapped.get("kind"));
        assertEquals(own.get("mapped"), beforeMapped.get("address"));
        assertTrue(beforeMapped.get("file").startsWith(dir.resolve("freed").toString()), beforeMapped::toString);
        long resident = Long.parseLong(beforeMapped.get("residentBytes"));
        // one page written; the kernel's readahead brought more into the page cache, which mincore counts
        assertTrue(resident >= PAGE, () -> "resident " + resident);
        assertEquals(Long.parseLong(truth.get("mapped")), resident, "mincore's count in the same JVM");
        assertTrue(beforeMapped.get("origin").startsWith("FileChannel.map at com.acme.FreedBuffersApp.makeAndShow("),
                beforeMapped::toString);
    }

    @Test
    void countsIncludeBothBuffers() {
        assertTrue(Long.parseLong(counts.get("count")) >= 2, counts::toString);
        assertTrue(Long.parseLong(counts.get("bytes")) >= FreedBuffersApp.DIRECT_SIZE + FreedBuffersApp.MAPPED_SIZE,
                counts::toString);
    }

    @Test
    void freedBuffersDisappearFromTheBean() {
        assertEquals("true", after.get("collected"), "the buffers were collected: the tracker keeps none alive");
        assertEquals("false", after.get("direct"), after::toString);
        assertEquals("false", after.get("mapped"), after::toString);
        long bytesBefore = Long.parseLong(counts.get("bytes"));
        long bytesAfter = Long.parseLong(after.get("bytes"));
        assertTrue(bytesBefore - bytesAfter >= FreedBuffersApp.DIRECT_SIZE + FreedBuffersApp.MAPPED_SIZE,
                () -> "tracked bytes before " + bytesBefore + ", after " + bytesAfter);
        assertEquals("0", after.get("dropped"));
    }

    @Test
    void theRunLeftNoWarning() {
        assertFalse(run.stderr.contains("faultline: warning") || run.stderr.contains("faultline: error"),
                run::toString);
    }
}
