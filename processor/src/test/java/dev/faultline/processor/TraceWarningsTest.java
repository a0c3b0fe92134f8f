package dev.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.faultline.processor.TestSources.index;
import static dev.faultline.processor.TestSources.lineOf;
import static dev.faultline.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Trace} that works but will surprise is a warning at its line; the trace point stays in the index. */
class TraceWarningsTest {
    static final String SURPRISING = """
            package com.acme;

            import dev.faultline.annotation.Trace;

            class Surprising {
                private int size;

                @Trace // getter
                int size() {
                    return size;
                }

                @Trace // setter
                void size(int size) {
                    this.size = size;
                }

                @Trace // empty
                void nothing() {
                }

                @Trace(constructors = true) // constructors on a method
                void work() {
                    size += Math.max(size, 3);
                }

                @Trace(constructors = true) // constructors on an interface
                interface WithDefault {
                    default void run() {
                        System.gc();
                    }
                }

                @Trace // covers nothing
                static class Holder {
                    static final int LIMIT = 3;

                    static {
                        System.gc();
                    }

                    static class Nested {
                        void notCovered() {
                            System.gc();
                        }
                    }
                }

                @Trace // enum with constants only
                enum Color { RED, GREEN }
            }
            """;

    @Test
    void surprisingTraceIsAWarningAtItsLine() {
        JavaFileObject source = source("com.acme.Surprising", SURPRISING);
        Compilation compilation = TraceIndexContentTest.compile(source);

        assertThat(compilation).succeeded();
        String trivial = ": tracing costs far more than such a call, and the traced method grows too big for the JIT to"
                + " inline into its callers; trace a method that does real work, or remove @Trace";
        assertThat(compilation).hadWarningContaining("@Trace on Surprising.size(), which only returns a field,"
                + " variable or constant" + trivial).inFile(source).onLine(lineOf(SURPRISING, "// getter"));
        assertThat(compilation).hadWarningContaining("@Trace on Surprising.size(int), which only assigns a field"
                + trivial).inFile(source).onLine(lineOf(SURPRISING, "// setter"));
        assertThat(compilation).hadWarningContaining("@Trace on Surprising.nothing(), which has an empty body"
                + trivial).inFile(source).onLine(lineOf(SURPRISING, "// empty"));
        assertThat(compilation).hadWarningContaining("@Trace(constructors = true) on Surprising.work() has no effect:"
                + " constructors applies only to @Trace on a type; remove it, or write @Trace(constructors = true) on"
                + " the class").inFile(source).onLine(lineOf(SURPRISING, "// constructors on a method"));
        assertThat(compilation).hadWarningContaining("@Trace(constructors = true) on interface Surprising.WithDefault"
                + " has no effect: an interface has no constructors; remove constructors = true")
                .inFile(source).onLine(lineOf(SURPRISING, "// constructors on an interface"));
        assertThat(compilation).hadWarningContaining("@Trace on class Surprising.Holder covers no method: it declares"
                + " no method with a body (constructors count only with constructors = true), and the methods of"
                + " nested types are not covered; put @Trace on the types or methods to trace, or remove it")
                .inFile(source).onLine(lineOf(SURPRISING, "// covers nothing"));
        assertThat(compilation).hadWarningContaining("@Trace on enum Surprising.Color covers no method")
                .inFile(source).onLine(lineOf(SURPRISING, "// enum with constants only"));
        assertThat(compilation).hadWarningCount(7);
    }

    @Test
    void suppressWarningsFaultlineOnTheElementOrAnEnclosingOneSilencesTheWarnings() {
        Compilation compilation = TraceIndexContentTest.compile(source("com.acme.Quiet", """
                package com.acme;

                import dev.faultline.annotation.Trace;

                class Quiet {
                    @SuppressWarnings({"unused", "faultline"})
                    @Trace
                    void empty() {
                    }

                    @SuppressWarnings("faultline")
                    static class Fixtures {
                        @Trace
                        int one() {
                            return 1;
                        }

                        @Trace
                        static class Nothing {
                        }
                    }
                }
                """));

        assertThat(compilation).succeededWithoutWarnings();
        assertEquals("# faultline trace index 1\ncom.acme.Quiet\tempty\t()V\t\ncom.acme.Quiet$Fixtures\tone\t()I\t\n",
                index(compilation).orElseThrow());
    }

    @Test
    void otherSuppressWarningsNamesDoNotSilenceThem() {
        String other = SURPRISING.replace("class Surprising {", "@SuppressWarnings(\"all\") class Surprising {");
        Compilation compilation = TraceIndexContentTest.compile(source("com.acme.Surprising", other));

        assertThat(compilation).hadWarningCount(7);
    }

    @Test
    void aWarnedTracePointStaysInTheIndex() {
        Compilation compilation = TraceIndexContentTest.compile(source("com.acme.Surprising", SURPRISING));

        assertEquals("""
                # faultline trace index 1
                com.acme.Surprising\tnothing\t()V\t
                com.acme.Surprising\tsize\t()I\t
                com.acme.Surprising\tsize\t(I)V\t
                com.acme.Surprising\twork\t()V\t
                com.acme.Surprising$WithDefault\trun\t()V\t
                """, index(compilation).orElseThrow());
    }
}
