package dev.faultline.processor.internal;

import java.util.Arrays;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.AnnotationValue;
import javax.tools.Diagnostic;

/**
 * Reports the processor's findings through javac's {@link Messager}, each attached to the
 * annotated element, its {@code @Trace} and, where one element's value is at fault, that
 * value, so that compilers and IDEs mark the right place.
 *
 * <p>{@code @SuppressWarnings("faultline")} on the annotated element or one that encloses
 * it silences the warnings (never the errors): javac applies {@code @SuppressWarnings} only
 * to its own lint warnings, so the processor looks for it itself.
 */
final class Diagnostics {
    /** The name that {@code @SuppressWarnings} takes to silence this processor's warnings. */
    static final String SUPPRESS = "faultline";

    private final Messager messager;

    Diagnostics(Messager messager) {
        this.messager = messager;
    }

    /** An error about {@code trace}, at its element {@code name} if written, else at the annotation. */
    void error(TraceValues trace, String name, String message) {
        print(Diagnostic.Kind.ERROR, trace, name, message);
    }

    /**
     * A warning about {@code trace}, at its element {@code name} if written, else at the
     * annotation; unless suppressed.
     */
    void warning(TraceValues trace, String name, String message) {
        if (!suppressed(trace.annotated())) {
            print(Diagnostic.Kind.WARNING, trace, name, message);
        }
    }

    /** An error about the compilation as a whole. */
    void error(String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message);
    }

    /** A warning about the compilation as a whole. */
    void warning(String message) {
        messager.printMessage(Diagnostic.Kind.WARNING, message);
    }

    private static boolean suppressed(Element element) {
        for (Element e = element; e != null && e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
            if (suppress != null && Arrays.asList(suppress.value()).contains(SUPPRESS)) {
                return true;
            }
        }
        return false;
    }

    private void print(Diagnostic.Kind kind, TraceValues trace, String name, String message) {
        AnnotationValue value = name == null ? null : trace.source(name);
        if (value == null) {
            messager.printMessage(kind, message, trace.annotated(), trace.mirror());
        } else {
            messager.printMessage(kind, message, trace.annotated(), trace.mirror(), value);
        }
    }
}
