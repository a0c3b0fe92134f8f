package dev.faultline.agent.it;

import com.acme.HelloApp;
import dev.faultline.agent.it.platformapps.AppClassPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's nested jars, extracted once into {@code TMPDIR/faultline-USER/KEY/}: checked
 * against the agent jar itself (same entries, same bytes, stored rather than deflated),
 * reused by the next JVM, and not used when the folder is open to other users (the agent
 * then works from a private temporary folder, removed at exit).
 */
class ExtractionCacheTest {
    private static final String TRACE = "trace=com.acme.HelloApp#greet,native=false,sink=stderr";
    private static final String NESTED = "META-INF/faultline/";

    private static AgentJvm.Result hello(Path tmp) {
        // the test classes alone: the JVM loads the agent's entry class from the agent jar, as users run it
        AgentJvm.Result result = AgentJvm.main(HelloApp.class).options(TRACE)
                .classPath(AppClassPath.testClasses().toString()).jvmArgs("-Djava.io.tmpdir=" + tmp).run();
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("hello, world", result.stdout.strip(), result::toString);
        assertEquals(1, AgentJvm.Result.dumps(result.stderr).size(), result::toString);
        return result;
    }

    @Test
    void nestedJarsAreExtractedOnceStoredAndReused(@TempDir Path tmp) throws IOException {
        hello(tmp);

        Path cache = tmp.resolve("faultline-" + System.getProperty("user.name"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        List<Path> keys = list(cache);
        assertEquals(1, keys.size(), keys::toString);
        Path dir = keys.get(0);
        assertTrue(Files.isRegularFile(dir.resolve("complete")), dir::toString);

        Map<String, Map<String, byte[]>> expected = nestedJarsOf(AgentJvm.AGENT_JAR);
        assertFalse(expected.isEmpty());
        for (Map.Entry<String, Map<String, byte[]>> jar : expected.entrySet()) {
            Path copy = dir.resolve(jar.getKey());
            assertTrue(Files.isRegularFile(copy), copy::toString);
            List<String> names = new ArrayList<>();
            try (ZipFile zip = new ZipFile(copy.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    names.add(entry.getName());
                    assertEquals(ZipEntry.STORED, entry.getMethod(), copy + "!/" + entry.getName() + " is deflated");
                    try (InputStream in = zip.getInputStream(entry)) {
                        assertArrayEquals(jar.getValue().get(entry.getName()), in.readAllBytes(),
                                copy + "!/" + entry.getName());
                    }
                }
            }
            assertEquals(new ArrayList<>(jar.getValue().keySet()), names, copy + ": entries and their order");
        }

        long modified = Files.getLastModifiedTime(dir.resolve("complete")).toMillis();
        hello(tmp);
        assertEquals(keys, list(cache), "the second JVM uses the first one's folder");
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("complete")).toMillis());
    }

    @Test
    void aCacheFolderOthersMayWriteIsNotUsed(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("faultline-" + System.getProperty("user.name"));
        Files.createDirectory(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        hello(tmp);

        assertEquals(List.of(), list(cache), "nothing was put into or taken from a folder that others may write");
        assertEquals(List.of(cache), list(tmp), "the private temporary folder used instead is gone at exit");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    /** Each nested jar of the agent jar (by file name): its entries' names, in order, and bytes. */
    private static Map<String, Map<String, byte[]>> nestedJarsOf(Path agentJar) throws IOException {
        Map<String, Map<String, byte[]>> jars = new LinkedHashMap<>();
        try (ZipFile agent = new ZipFile(agentJar.toFile())) {
            for (ZipEntry nested : java.util.Collections.list(agent.entries())) {
                if (!nested.getName().startsWith(NESTED) || !nested.getName().endsWith(".jar")) {
                    continue;
                }
                Map<String, byte[]> entries = new LinkedHashMap<>();
                try (ZipInputStream in = new ZipInputStream(agent.getInputStream(nested))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        entries.put(e.getName(), in.readAllBytes());
                    }
                }
                jars.put(nested.getName().substring(NESTED.length()), entries);
            }
        }
        return jars;
    }
}
