package dev.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.faultline.processor.TestSources.index;
import static dev.faultline.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The trace index a compilation writes, compared with what the JVM spec says javac emits. */
class TraceIndexContentTest {
    /** Nested and inner classes, generics, arrays, varargs, overloads, type and method values merged. */
    static final String STORE = """
            package com.acme;

            import dev.faultline.annotation.Trace;
            import java.util.List;
            import java.util.Map;

            @Trace(dump = "exit", depth = 20, label = "store, a=b%")
            public class Store<T extends Comparable<T>> {
                private final StringBuilder log = new StringBuilder();

                public Store(int capacity) {
                    log.append(capacity);
                }

                @Trace(depth = 5, memory = Trace.Toggle.OFF)
                @SafeVarargs
                public final List<T> load(String key, int[] ids, T... more) {
                    log.append(key).append(ids.length);
                    return List.of(more);
                }

                public <E extends Number & Comparable<E>> E max(Map<String, E> values, E[][] grid) {
                    log.append(grid.length);
                    return values.get("a");
                }

                public int max(int a, int b) {
                    return Math.max(a, b);
                }

                @Trace(label = "")
                static void reset() {
                    System.gc();
                }

                abstract static class Base {
                    abstract void notCovered();

                    void notCoveredEither() {
                        System.gc();
                    }
                }

                class Inner {
                    Inner(String name) {
                        log.append(name);
                    }

                    @Trace(every = 3, nativeFrames = Trace.Toggle.OFF)
                    void run(long[] values, Inner other) {
                        log.append(values.length).append(other);
                    }
                }
            }
            """;

    /** Constructors of enums, records and inner classes; implicit members; interfaces with bodies. */
    static final String SHAPES = """
            package com.acme;

            import dev.faultline.annotation.Trace;

            public final class Shapes {
                @Trace(constructors = true, nativeFrames = Trace.Toggle.ON)
                public enum Kind {
                    CIRCLE(1), SQUARE(4);

                    private final int corners;

                    Kind(int corners) {
                        this.corners = corners;
                    }

                    @Trace(nativeFrames = Trace.Toggle.DEFAULT, memory = Trace.Toggle.ON)
                    int corners() {
                        return corners * 1;
                    }
                }

                @Trace(constructors = true, every = 10, label = "größe=1 ✓")
                public record Point(double x, double y) {
                    public Point {
                        if (Double.isNaN(x)) {
                            throw new IllegalArgumentException("x");
                        }
                    }

                    public double length() {
                        return Math.hypot(x, y);
                    }
                }

                @Trace(constructors = true)
                class Cell {
                    private final Object value;

                    Cell(Object value) {
                        this.value = value;
                    }

                    Object value(int[]... ignored) {
                        return ignored.length == 0 ? value : null;
                    }
                }

                @Trace(constructors = true)
                static final class Implicit {
                }

                @Trace(dump = "error")
                interface Named {
                    String name();

                    default String greeting() {
                        return "hello " + name();
                    }

                    static Named of(String name) {
                        return () -> name;
                    }
                }
            }
            """;

    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new TraceProcessor()).compile(sources);
    }

    @Test
    void theIndexHasOneSortedLinePerTracedMethodWithErasedDescriptorsAndMergedOptions() {
        Compilation compilation = compile(source("com.acme.Store", STORE), source("com.acme.Shapes", SHAPES));

        assertThat(compilation).succeededWithoutWarnings();
        assertEquals("""
                # faultline trace index 1
                com.acme.Shapes$Cell\t<init>\t(Lcom/acme/Shapes;Ljava/lang/Object;)V\t
                com.acme.Shapes$Cell\tvalue\t([[I)Ljava/lang/Object;\t
                com.acme.Shapes$Implicit\t<init>\t()V\t
                com.acme.Shapes$Kind\t<init>\t(Ljava/lang/String;II)V\tnative=true
                com.acme.Shapes$Kind\tcorners\t()I\tmemory=true
                com.acme.Shapes$Named\tgreeting\t()Ljava/lang/String;\tdump=error
                com.acme.Shapes$Named\tof\t(Ljava/lang/String;)Lcom/acme/Shapes$Named;\tdump=error
                com.acme.Shapes$Point\t<init>\t(DD)V\tevery=10,label=größe%3D1 ✓
                com.acme.Shapes$Point\tlength\t()D\tevery=10,label=größe%3D1 ✓
                com.acme.Store\tload\t(Ljava/lang/String;[I[Ljava/lang/Comparable;)Ljava/util/List;\tdump=exit,depth=5,memory=false,label=store%2C a%3Db%25
                com.acme.Store\tmax\t(II)I\tdump=exit,depth=20,label=store%2C a%3Db%25
                com.acme.Store\tmax\t(Ljava/util/Map;[[Ljava/lang/Number;)Ljava/lang/Number;\tdump=exit,depth=20,label=store%2C a%3Db%25
                com.acme.Store\treset\t()V\tdump=exit,depth=20
                com.acme.Store$Inner\trun\t([JLcom/acme/Store$Inner;)V\tnative=false,every=3
                """, index(compilation).orElseThrow());
    }

    @Test
    void theIndexIsTheSameWhateverTheOrderOfTheSources() {
        Compilation forward = compile(source("com.acme.Store", STORE), source("com.acme.Shapes", SHAPES));
        Compilation backward = compile(source("com.acme.Shapes", SHAPES), source("com.acme.Store", STORE));

        assertEquals(index(forward).orElseThrow(), index(backward).orElseThrow());
    }

    @Test
    void aCompilationWithoutTraceWritesNoIndex() {
        Compilation compilation = compile(source("com.acme.Plain", """
                package com.acme;

                class Plain {
                    void work() {
                        System.gc();
                    }
                }
                """));

        assertThat(compilation).succeededWithoutWarnings();
        assertFalse(index(compilation).isPresent(), "an index was written");
    }

    @Test
    void theIndexOptionFalseWritesNoIndex() {
        Compilation compilation = Compiler.javac().withProcessors(new TraceProcessor())
                .withOptions("-Afaultline.index=false")
                .compile(source("com.acme.Store", STORE));

        assertThat(compilation).succeededWithoutWarnings();
        assertFalse(index(compilation).isPresent(), "an index was written");
    }

    @Test
    void anUnknownIndexOptionValueIsAnError() {
        Compilation compilation = Compiler.javac().withProcessors(new TraceProcessor())
                .withOptions("-Afaultline.index=maybe")
                .compile(source("com.acme.Store", STORE));

        assertThat(compilation).hadErrorContaining(
                "faultline processor option -Afaultline.index=maybe is not accepted (accepted: true, false)");
        assertThat(compilation).hadErrorCount(1);
    }
}
