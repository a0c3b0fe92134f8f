package dev.faultline.agent.it;

import com.acme.GlobApp;
import com.acme.JdkApp;
import com.acme.TraceAnnotationApp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which methods are traced: {@code trace=} patterns, JDK classes, {@code @Trace}. */
class MethodSelectionTest {
    private static final String OPTIONS = "sink=stderr,native=false,";

    @Test
    void starMatchesWithinOnePackageSegmentAndMethodGlobsMatchNamePrefixes() {
        AgentJvm.Result result = AgentJvm.main(GlobApp.class).options(OPTIONS + "trace=com.acme.*#read*").run();

        assertEquals(List.of("com.acme.GlobApp.readAll", "com.acme.GlobApp.readOne"), tracedMethods(result));
        assertEquals("aowdW", result.stdout.strip(), result::toString);
    }

    @Test
    void doubleStarMatchesAcrossPackageSegments() {
        AgentJvm.Result result = AgentJvm.main(GlobApp.class).options(OPTIONS + "trace=com.acme.**#read*").run();

        assertEquals(List.of("com.acme.GlobApp.readAll", "com.acme.GlobApp.readOne", "com.acme.io.Cellar.readDeep"),
                tracedMethods(result));
    }

    @Test
    void patternsAddUpAndAnExactPatternTracesOneMethod() {
        AgentJvm.Result result = AgentJvm.main(GlobApp.class)
                .options(OPTIONS + "trace=com.acme.io.Cellar#write,trace=com.acme.GlobApp#read*").run();

        assertEquals(List.of("com.acme.GlobApp.readAll", "com.acme.GlobApp.readOne", "com.acme.io.Cellar.write"),
                tracedMethods(result));
    }

    @Test
    void starDoesNotCrossSegmentsSoThePatternMatchesNothingAndSaysSo() {
        AgentJvm.Result result = AgentJvm.main(GlobApp.class).options(OPTIONS + "trace=com.*.Cellar#*").run();

        assertEquals(List.of(), tracedMethods(result));
        assertEquals(List.of("faultline: warning: pattern 'com.*.Cellar#*' matched no method: no class it names was loaded"),
                result.stderr.lines().toList(), result::toString);
    }

    @Test
    void jdkClassesAreNotTracedByWildcardsThatDoNotNameThem() {
        AgentJvm.Result result = AgentJvm.main(JdkApp.class).options(OPTIONS + "trace=**#*").run();

        assertEquals(List.of("com.acme.JdkApp.main", "com.acme.JdkApp.checksum"), tracedMethods(result));
        assertFalse(result.stderr.contains("cannot instrument"), result::toString);
    }

    @Test
    void aJdkMethodIsTracedWhenAPatternNamesItsClass() {
        AgentJvm.Result result = AgentJvm.main(JdkApp.class)
                .options(OPTIONS + "trace=java.util.zip.Adler32#getValue").run();

        assertEquals(List.of("java.base/java.util.zip.Adler32.getValue"), tracedMethods(result));
        List<String> dump = AgentJvm.Result.dumps(result.stderr).get(0);
        assertTrue(dump.get(2).startsWith("  com.acme.JdkApp.checksum("), result::toString);
        Adler32 adler = new Adler32();
        adler.update("faultline".getBytes(StandardCharsets.UTF_8));
        assertEquals("adler32 " + adler.getValue(), result.stdout.strip(), result::toString);
    }

    @Test
    void traceAnnotationOnAMethodAndOnATypeTracesWithoutTraceOption() {
        AgentJvm.Result result = AgentJvm.main(TraceAnnotationApp.class).options("sink=stderr,native=false").run();

        assertEquals(List.of("com.acme.TraceAnnotationApp.load", "com.acme.TraceAnnotationApp$Catalog.count",
                "com.acme.TraceAnnotationApp$Catalog.name"), tracedMethods(result));
        assertEquals("1 2 3 catalog", result.stdout.strip(), result::toString);
    }

    /** The traced method of each dump, in order: its first frame without the source position. */
    private static List<String> tracedMethods(AgentJvm.Result result) {
        assertEquals(0, result.exitCode, result::toString);
        List<String> methods = new ArrayList<>();
        for (List<String> dump : AgentJvm.Result.dumps(result.stderr)) {
            String first = dump.get(1);
            methods.add(first.substring(0, first.indexOf('(')));
        }
        return methods;
    }
}
