package dev.faultline.processor;

import static dev.faultline.processor.DiskCompiler.compile;
import static dev.faultline.processor.DiskCompiler.index;
import static dev.faultline.processor.DiskCompiler.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compilation of some of the sources, into a directory that holds the index of an
 * earlier, full compilation: the other classes keep their lines, the recompiled ones get
 * exactly their new lines, the removed ones lose theirs.
 */
class IncrementalIndexTest {
    @TempDir
    Path dir;

    private Path src;
    private Path out;

    @BeforeEach
    void compileAllThree() throws IOException {
        src = dir.resolve("src");
        out = Files.createDirectory(dir.resolve("classes"));
        Path outer = write(src, "com.acme.Outer", """
                package com.acme;

                public class Outer {
                    public static class Inner {
                        @dev.faultline.annotation.Trace
                        public void work() {
                            System.gc();
                        }
                    }
                }
                """);
        List<Diagnostic<? extends JavaFileObject>> diagnostics = compile(out, a("dump = \"exit\""),
                traced("com.acme.B", "depth = 8"), traced("com.acme.gone.C", ""), outer);
        assertEquals(List.of(), diagnostics);
        assertEquals("""
                # faultline trace index 1
                com.acme.A\twork\t()V\tdump=exit
                com.acme.B\twork\t()V\tdepth=8
                com.acme.Outer$Inner\twork\t()V\t
                com.acme.gone.C\twork\t()V\t
                """, index(out));
    }

    @Test
    void recompilingOneClassReplacesItsLinesKeepsTheOthersAndDropsRemovedClasses() throws IOException {
        // C's source went, and the build removed its class file with it
        Files.delete(out.resolve("com/acme/gone/C.class"));

        assertEquals(List.of(), compile(out, a("every = 2")));

        assertEquals("""
                # faultline trace index 1
                com.acme.A\twork\t()V\tevery=2
                com.acme.B\twork\t()V\tdepth=8
                com.acme.Outer$Inner\twork\t()V\t
                """, index(out));
    }

    @Test
    void recompilingAClassWhoseTraceWasRemovedDropsItsLines() throws IOException {
        Path plainA = write(src, "com.acme.A", """
                package com.acme;

                public class A {
                    public void work() {
                        System.gc();
                    }
                }
                """);

        assertEquals(List.of(), compile(out, plainA));

        assertEquals("""
                # faultline trace index 1
                com.acme.B\twork\t()V\tdepth=8
                com.acme.Outer$Inner\twork\t()V\t
                com.acme.gone.C\twork\t()V\t
                """, index(out));
    }

    @Test
    void anIndexOfAnotherFormatIsRewrittenWithAWarning() throws IOException {
        Files.writeString(out.resolve("META-INF/faultline/trace-index"), "# faultline trace index 2\nx\ty\tz\t\n",
                StandardCharsets.UTF_8);

        List<Diagnostic<? extends JavaFileObject>> diagnostics = compile(out, a(""));

        assertEquals(1, diagnostics.size(), diagnostics.toString());
        assertEquals(Diagnostic.Kind.WARNING, diagnostics.get(0).getKind());
        assertEquals("faultline processor ignored the existing META-INF/faultline/trace-index: its first line is"
                + " '# faultline trace index 2', not '# faultline trace index 1'; it is rewritten from the classes"
                + " compiled now", diagnostics.get(0).getMessage(null));
        assertEquals("# faultline trace index 1\ncom.acme.A\twork\t()V\t\n", index(out));
    }

    @Test
    void commentsAndMalformedLinesOfAnEarlierIndexAreDropped() throws IOException {
        String earlier = index(out);
        Files.writeString(out.resolve("META-INF/faultline/trace-index"),
                earlier + "# a comment\nnot a line\n\n", StandardCharsets.UTF_8);

        assertEquals(List.of(), compile(out, a("dump = \"exit\"")));

        assertEquals(earlier, index(out));
        assertTrue(earlier.startsWith("# faultline trace index 1\n"));
    }

    private Path a(String values) throws IOException {
        return traced("com.acme.A", values);
    }

    private Path traced(String className, String values) throws IOException {
        int dot = className.lastIndexOf('.');
        return write(src, className, """
                package %s;

                import dev.faultline.annotation.Trace;

                public class %s {
                    @Trace(%s)
                    public void work() {
                        System.gc();
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), values));
    }
}
