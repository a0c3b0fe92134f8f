package dev.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.faultline.processor.TestSources.index;
import static dev.faultline.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * A traced method whose signature names a type that another processor generates: in the
 * first round that type does not resolve yet, and the method still gets its line, with the
 * type's real name.
 */
class TypesGeneratedInLaterRoundsTest {
    @Test
    void aSignatureNamingAGeneratedTypeIsIndexedOnceTheTypeExists() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new TraceProcessor(), new GeneratesAType())
                .compile(source("com.acme.UsesGenerated", """
                        package com.acme;

                        import com.acme.gen.Generated;
                        import dev.faultline.annotation.Trace;

                        class UsesGenerated {
                            @Trace
                            Generated[] make(Generated.Part part) {
                                return new Generated[] {part.owner()};
                            }
                        }
                        """));

        assertThat(compilation).succeededWithoutWarnings();
        assertEquals("# faultline trace index 1\ncom.acme.UsesGenerated\tmake"
                + "\t(Lcom/acme/gen/Generated$Part;)[Lcom/acme/gen/Generated;\t\n", index(compilation).orElseThrow());
    }

    /** Writes {@code com.acme.gen.Generated} in the first round. */
    private static final class GeneratesAType extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer out = processingEnv.getFiler().createSourceFile("com.acme.gen.Generated").openWriter()) {
                    out.write("package com.acme.gen;\npublic class Generated {\n"
                            + "    public interface Part {\n        Generated owner();\n    }\n}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
