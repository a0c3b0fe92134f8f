package dev.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.faultline.processor.TestSources.lineOf;
import static dev.faultline.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake with {@code @Trace} is a compile error at the line of the annotation (or of its bad value). */
class TraceErrorsTest {
    static final String MISPLACED = """
            package com.acme;

            import dev.faultline.annotation.Trace;

            abstract class Misplaced {
                @Trace abstract void area(); // abstract

                @Trace native void read(int fd); // native

                interface Shape {
                    @Trace double area(); // interface method
                }

                @Trace // annotation type
                @interface Marker {
                    int value();
                }

                @Trace // interface without bodies
                interface Listener {
                    void changed();
                }

                @Trace
                void fine() {
                    System.gc();
                }
            }
            """;

    static final String BAD_VALUES = """
            package com.acme;

            import dev.faultline.annotation.Trace;

            class BadValues {
                @Trace(dump = "exits") // dump
                void a() {
                    System.gc();
                }

                @Trace(depth = 0) // depth zero
                void b() {
                    System.gc();
                }

                @Trace(depth = 1025) // depth too big
                void c() {
                    System.gc();
                }

                @Trace(every = 0) // every
                void d() {
                    System.gc();
                }

                @Trace(label = "two\\nlines") // line break
                void e() {
                    System.gc();
                }

                @Trace(label = "a\\tb") // tab
                void f() {
                    System.gc();
                }

                @Trace(label = "%s") // too long
                void g() {
                    System.gc();
                }

                @Trace(dump = "") // empty dump
                void h() {
                    System.gc();
                }
            }

            @Trace(every = -2) // type-level value
            class BadTypeValues {
                void covered() {
                    System.gc();
                }
            }
            """.formatted("x".repeat(101));

    static final String IN_BODIES = """
            package com.acme;

            import dev.faultline.annotation.*;

            class InBodies {
                private final Runnable field = new Runnable() {
                    @Trace public void run() { // anonymous in a field
                        System.gc();
                    }
                };

                void method() {
                    @Trace class Local { // local class
                        void work() {
                            System.gc();
                        }
                    }
                    Runnable lambda = () -> {
                        Object o = new Object() {
                            @dev.faultline.annotation.Trace(dump = "exit") void inLambda() { // in a lambda
                                System.gc();
                            }
                        };
                    };
                }

                enum Mode {
                    FAST {
                        @Trace void go() { // enum constant body
                            System.gc();
                        }
                    };

                    void go() {
                    }
                }
            }
            """;

    private static Compilation compile(JavaFileObject source) {
        return TraceIndexContentTest.compile(source);
    }

    @Test
    void traceWhereThereIsNoBodyIsAnErrorAtTheAnnotation() {
        JavaFileObject source = source("com.acme.Misplaced", MISPLACED);
        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Trace on Misplaced.area(), which has no body: there is nothing"
                + " to trace, and @Trace is not inherited by the methods that implement or override it; put @Trace on"
                + " those methods instead").inFile(source).onLine(lineOf(MISPLACED, "// abstract"));
        assertThat(compilation).hadErrorContaining("@Trace on native method Misplaced.read(int): it has no Java body"
                + " to instrument; put @Trace on the Java method that calls it (its dumps show the native frames)")
                .inFile(source).onLine(lineOf(MISPLACED, "// native"));
        assertThat(compilation).hadErrorContaining("@Trace on Misplaced.Shape.area(), which has no body")
                .inFile(source).onLine(lineOf(MISPLACED, "// interface method"));
        assertThat(compilation).hadErrorContaining("@Trace on annotation type Misplaced.Marker: an annotation type"
                + " has no method bodies to trace; remove @Trace")
                .inFile(source).onLine(lineOf(MISPLACED, "// annotation type"));
        assertThat(compilation).hadErrorContaining("@Trace on interface Misplaced.Listener, which has no method with"
                + " a body: there is nothing to trace, and @Trace is not inherited by implementing classes; put @Trace"
                + " on the implementing classes or their methods instead")
                .inFile(source).onLine(lineOf(MISPLACED, "// interface without bodies"));
        assertThat(compilation).hadErrorCount(5);
    }

    @Test
    void eachBadValueIsAnErrorAtThatValueNamingItAndWhatIsAccepted() {
        JavaFileObject source = source("com.acme.BadValues", BAD_VALUES);
        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Trace(dump = \"exits\") on BadValues.a(): unknown dump mode"
                + " \"exits\" (accepted: entry, exit, error, none); write one of these, or leave dump out to use the"
                + " agent's dump option").inFile(source).onLine(lineOf(BAD_VALUES, "// dump")).atColumn(19);
        assertThat(compilation).hadErrorContaining("@Trace(depth = 0) on BadValues.b(): depth is the most frames a"
                + " dump shows and must be between 1 and 1024; write a value in that range, or leave depth out to use"
                + " the agent's depth option").inFile(source).onLine(lineOf(BAD_VALUES, "// depth zero"));
        assertThat(compilation).hadErrorContaining("@Trace(depth = 1025) on BadValues.c(): depth is the most frames")
                .inFile(source).onLine(lineOf(BAD_VALUES, "// depth too big"));
        assertThat(compilation).hadErrorContaining("@Trace(every = 0) on BadValues.d(): every must be at least 1"
                + " (every = N follows every N-th call, 1 each call); write 1 or more, or leave every out to use the"
                + " agent's every option").inFile(source).onLine(lineOf(BAD_VALUES, "// every"));
        assertThat(compilation).hadErrorContaining("@Trace(label) on BadValues.e(): the label holds a line break"
                + " (U+000A at index 3); a label is shown on one line of the dump's header: remove line breaks, tabs"
                + " and other control characters").inFile(source).onLine(lineOf(BAD_VALUES, "// line break"));
        assertThat(compilation).hadErrorContaining("@Trace(label) on BadValues.f(): the label holds a tab"
                + " (U+0009 at index 1)").inFile(source).onLine(lineOf(BAD_VALUES, "// tab"));
        assertThat(compilation).hadErrorContaining("@Trace(label) on BadValues.g(): the label is 101 characters"
                + " long, and at most 100 are accepted; shorten it")
                .inFile(source).onLine(lineOf(BAD_VALUES, "// too long"));
        assertThat(compilation).hadErrorContaining("@Trace(dump = \"\") on BadValues.h(): unknown dump mode \"\"")
                .inFile(source).onLine(lineOf(BAD_VALUES, "// empty dump"));
        assertThat(compilation).hadErrorContaining("@Trace(every = -2) on class BadTypeValues: every must be at"
                + " least 1").inFile(source).onLine(lineOf(BAD_VALUES, "// type-level value"));
        assertThat(compilation).hadErrorCount(9);
    }

    @Test
    void traceInsideABodyIsAnErrorBecauseItCannotBeIndexed() {
        JavaFileObject source = source("com.acme.InBodies", IN_BODIES);
        Compilation compilation = compile(source);

        String message = "@Trace inside a method body, lambda or initializer (on a local or anonymous class or one of"
                + " its methods) cannot be put in the trace index: javac names those classes only after annotation"
                + " processing, so the agent would not trace it; move the code into a member or top-level class and"
                + " put @Trace there";
        for (String marker : new String[] {"// anonymous in a field", "// local class", "// in a lambda",
            "// enum constant body"}) {
            assertThat(compilation).hadErrorContaining(message).inFile(source).onLine(lineOf(IN_BODIES, marker));
        }
        assertThat(compilation).hadErrorCount(4);
    }

    @Test
    void aTracePointWithAnErrorIsLeftOutOfTheIndexAndTheOthersStay(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("classes"));
        DiskCompiler.compile(out, DiskCompiler.write(dir.resolve("src"), "com.acme.Misplaced", MISPLACED));

        assertEquals("# faultline trace index 1\ncom.acme.Misplaced\tfine\t()V\t\n", DiskCompiler.index(out));
    }
}
