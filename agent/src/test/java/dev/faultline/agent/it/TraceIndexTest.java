package dev.faultline.agent.it;

import com.acme.IndexedApp;
import com.acme.TraceOptionsApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Trace}'s elements and the processor's index, as the agent applies them. */
class TraceIndexTest {
    private static final String OPTIONS = "sink=stderr,native=false,memory=false";

    @Test
    void annotationValuesOverrideTheAgentsOptionsPerMethod() {
        AgentJvm.Result result = AgentJvm.main(TraceOptionsApp.class).options(OPTIONS).run();
        List<List<String>> dumps = AgentJvm.Result.dumps(result.stderr);

        assertEquals("sum 36 exit label shallow", result.stdout.lines().findFirst().orElse(""), result::toString);
        assertEquals(List.of("entry", "entry", "entry"), modes(dumps, "TraceOptionsApp.everyThird"),
                "every = 3 over 9 calls: calls 1, 4 and 7\n" + result);
        assertEquals(List.of("exit"), modes(dumps, "TraceOptionsApp.atExit"), result::toString);
        List<String> labelled = only(dumps, "TraceOptionsApp.labelled");
        assertTrue(labelled.get(1).contains("[thread main, entry, label checkout path]"), result::toString);
        List<String> shallow = only(dumps, "TraceOptionsApp.shallow");
        assertEquals(4, shallow.size(), "depth = 1: start, the method, the count of the rest, end\n" + result);
        assertTrue(shallow.get(2).matches(" +\\(\\d+ more frames?\\)"), result::toString);
    }

    @Test
    void typeValuesApplyToItsMethodsAndConstructorsAndAMethodOverridesThem() {
        AgentJvm.Result result = AgentJvm.main(TraceOptionsApp.class).options(OPTIONS).run();
        List<List<String>> dumps = AgentJvm.Result.dumps(result.stderr);

        assertEquals("ledger 10 5", result.stdout.lines().skip(1).findFirst().orElse(""), result::toString);
        assertEquals(List.of("exit"), modes(dumps, "TraceOptionsApp$Ledger.<init>"), result::toString);
        assertEquals(List.of("exit"), modes(dumps, "TraceOptionsApp$Ledger.total"), result::toString);
        assertEquals(List.of("entry"), modes(dumps, "TraceOptionsApp$Ledger.entry"), result::toString);
        assertTrue(only(dumps, "TraceOptionsApp$Ledger.total").get(1).contains(", label ledger"), result::toString);
    }

    @Test
    void anIndexTracesWhatItNamesWithItsOptionsAndItsClassesAreNotScanned(@TempDir Path dir) throws IOException {
        Path classes = indexedAppWithIndex(dir, "com.acme.IndexedApp\tindexed\t(Ljava/lang/String;)Ljava/lang/String;\t"
                + "dump=exit,label=from%2C index\n");

        AgentJvm.Result result = AgentJvm.main(IndexedApp.class).options(OPTIONS)
                .classPath(classes + java.io.File.pathSeparator + System.getProperty("java.class.path")).run();
        List<List<String>> dumps = AgentJvm.Result.dumps(result.stderr);

        assertEquals("a! b", result.stdout.strip(), result::toString);
        assertEquals(1, dumps.size(), "only the indexed method; the @Trace one is in an indexed folder\n" + result);
        String header = dumps.get(0).get(1);
        assertTrue(header.startsWith("com.acme.IndexedApp.indexed(IndexedApp.java:"), result::toString);
        assertTrue(header.contains(", exit, ") && header.contains(", label from, index"), result::toString);
    }

    @Test
    void aBadIndexLineIsReportedAndTheRestOfTheIndexStillApplies(@TempDir Path dir) throws IOException {
        Path classes = indexedAppWithIndex(dir,
                "com.acme.IndexedApp\tindexed\t(Ljava/lang/String;)Ljava/lang/String;\tdepth=0\n"
                + "not an index line\n");

        AgentJvm.Result result = AgentJvm.main(IndexedApp.class).options(OPTIONS)
                .classPath(classes + java.io.File.pathSeparator + System.getProperty("java.class.path")).run();

        assertEquals("a! b", result.stdout.strip(), result::toString);
        assertTrue(result.stderr.contains("trace-index:2: bad value '0' for 'depth' (accepted: a whole number, 1 or more);"
                + " the agent's option is used"), result::toString);
        assertTrue(result.stderr.contains("trace-index:3: not CLASS<TAB>METHOD<TAB>DESCRIPTOR<TAB>OPTIONS; line ignored"),
                result::toString);
        List<String> traced = AgentJvm.Result.dumps(result.stderr).stream().map(d -> d.get(1))
                .map(h -> h.substring(0, h.indexOf('('))).collect(Collectors.toList());
        assertEquals(List.of("com.acme.IndexedApp.indexed"), traced, result::toString);
    }

    @Test
    void anIndexDoesNotBindACopyOfTheClassInAnotherFolder(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("other");
        Path index = other.resolve("META-INF/faultline/trace-index");
        Files.createDirectories(index.getParent());
        Files.writeString(index, "# faultline trace index 1\ncom.acme.IndexedApp\tindexed\t"
                + "(Ljava/lang/String;)Ljava/lang/String;\t\n", StandardCharsets.UTF_8);

        AgentJvm.Result result = AgentJvm.main(IndexedApp.class).options(OPTIONS)
                .classPath(other + java.io.File.pathSeparator + System.getProperty("java.class.path")).run();
        List<String> traced = AgentJvm.Result.dumps(result.stderr).stream().map(d -> d.get(1))
                .map(h -> h.substring(0, h.indexOf('('))).collect(Collectors.toList());

        assertEquals(List.of("com.acme.IndexedApp.annotatedButNotIndexed"), traced, result::toString);
    }

    /** A folder with a copy of {@link IndexedApp}'s class file and an index with these lines. */
    private static Path indexedAppWithIndex(Path dir, String lines) throws IOException {
        Path classes = dir.resolve("classes");
        Path appClass = classes.resolve("com/acme/IndexedApp.class");
        Files.createDirectories(appClass.getParent());
        Files.copy(Path.of(IndexedApp.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve("com/acme/IndexedApp.class"), appClass);
        Path index = classes.resolve("META-INF/faultline/trace-index");
        Files.createDirectories(index.getParent());
        Files.writeString(index, "# faultline trace index 1\n" + lines, StandardCharsets.UTF_8);
        return classes;
    }

    /** The dump modes (entry, exit, ...) of the dumps of this method, in order. */
    private static List<String> modes(List<List<String>> dumps, String method) {
        return dumps.stream().filter(d -> d.get(1).startsWith("com.acme." + method + "("))
                .map(d -> d.get(1).replaceAll(".*\\[thread [^,]+, (\\w+).*", "$1")).collect(Collectors.toList());
    }

    private static List<String> only(List<List<String>> dumps, String method) {
        List<List<String>> found = dumps.stream().filter(d -> d.get(1).startsWith("com.acme." + method + "("))
                .collect(Collectors.toList());
        assertEquals(1, found.size(), method + ": " + dumps);
        return found.get(0);
    }
}
