package dev.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.faultline.processor.TestSources.index;
import static dev.faultline.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import org.junit.jupiter.api.Test;

/** The processor in environments that are not plain javac, and when it fails itself. */
class ProcessorRobustnessTest {
    @Test
    void aFailureInsideTheProcessorIsOneErrorAndJavacCarriesOn() {
        Compilation compilation = Compiler.javac()
                .withProcessors(WrappedEnvironment.failingBinaryNames(new TraceProcessor(),
                        new IllegalStateException("boom")))
                .compile(source("com.acme.Store", TraceIndexContentTest.STORE),
                        source("com.acme.Shapes", TraceIndexContentTest.SHAPES));

        assertThat(compilation).hadErrorContaining("faultline processor failed: java.lang.IllegalStateException: boom"
                + " at ");
        assertThat(compilation).hadErrorContaining("; the trace index was not written (please report this)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void withoutJavacsTreesTheIndexIsTheSame() {
        Compilation wrapped = Compiler.javac().withProcessors(WrappedEnvironment.wrapping(new TraceProcessor()))
                .compile(source("com.acme.Store", TraceIndexContentTest.STORE),
                        source("com.acme.Shapes", TraceIndexContentTest.SHAPES));
        Compilation plain = TraceIndexContentTest.compile(source("com.acme.Store", TraceIndexContentTest.STORE),
                source("com.acme.Shapes", TraceIndexContentTest.SHAPES));

        assertThat(wrapped).succeededWithoutWarnings();
        assertEquals(index(plain).orElseThrow(), index(wrapped).orElseThrow());
    }

    @Test
    void withoutJavacsTreesTheChecksThatNeedNoTreesStillReport() {
        Compilation compilation = Compiler.javac().withProcessors(WrappedEnvironment.wrapping(new TraceProcessor()))
                .compile(source("com.acme.Misplaced", TraceErrorsTest.MISPLACED),
                        source("com.acme.Surprising", TraceWarningsTest.SURPRISING));

        // the five errors of TraceErrorsTest; of the warnings, all but the three trivial bodies
        assertThat(compilation).hadErrorCount(5);
        assertThat(compilation).hadWarningCount(4);
        assertThat(compilation).hadWarningContaining("@Trace on class Surprising.Holder covers no method");
    }

    @Test
    void withoutJavacsTreesTraceInsideBodiesIsNotReported() {
        Compilation compilation = Compiler.javac().withProcessors(WrappedEnvironment.wrapping(new TraceProcessor()))
                .compile(source("com.acme.InBodies", TraceErrorsTest.IN_BODIES));

        // documented limit: without the trees those annotations cannot be seen at all
        assertThat(compilation).succeededWithoutWarnings();
        assertFalse(index(compilation).isPresent(), "an index was written");
    }
}
