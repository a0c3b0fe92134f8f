package dev.faultline.processor;

import dev.faultline.processor.internal.TraceRun;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The annotation processor for {@link dev.faultline.annotation.Trace @Trace}: it reports
 * misplaced {@code @Trace} and bad values at compile time, and writes the trace index
 * {@code META-INF/faultline/trace-index} that lets the agent find the traced methods
 * without scanning class files.
 *
 * <p>Public API only as a name: it is registered in {@code META-INF/services}, so putting
 * {@code faultline-processor} on the processor path runs it, and {@code -processor} may name
 * it. See {@code docs/trace-annotation.md}.
 *
 * <p>It takes part in every compilation it is on the processor path of (supported
 * annotation types {@code *}), even one without {@code @Trace}: that is how an index left
 * by a previous build loses the lines of a class whose {@code @Trace} was removed. It
 * claims no annotation.
 */
public final class TraceProcessor extends AbstractProcessor {
    private TraceRun run;

    /** Creates the processor; javac does so through {@code ServiceLoader}. */
    public TraceProcessor() {
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        try {
            run = new TraceRun(env);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(TraceRun.INDEX_OPTION);
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (run != null) {
            try {
                run.round(round);
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }
        return false;
    }

    /** Reports a failure of the processor itself once, and stops it: javac goes on. */
    private void fail(Throwable e) {
        run = null;
        StackTraceElement[] frames = e.getStackTrace();
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "faultline processor failed: " + e
                + (frames.length > 0 ? " at " + frames[0] : "")
                + "; the trace index was not written (please report this)");
    }
}
