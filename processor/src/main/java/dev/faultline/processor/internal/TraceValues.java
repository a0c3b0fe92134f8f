package dev.faultline.processor.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The elements written in one {@code @Trace}, so that "left out" can be told apart from a
 * value equal to the default.
 *
 * <p>Values are kept as plain Java objects: {@code String} for {@code dump} and
 * {@code label}, {@code Integer} for {@code depth} and {@code every}, the constant's name
 * ({@code "ON"}, {@code "OFF"}, {@code "DEFAULT"}) for the toggles, {@code Boolean} for
 * {@code constructors}. An element whose value javac could not attribute is left out: javac
 * has already reported it.
 */
final class TraceValues {
    /** The qualified name of the annotation, matched by name as the agent does. */
    static final String ANNOTATION = "dev.faultline.annotation.Trace";

    private final Element annotated;
    private final AnnotationMirror mirror;
    private final Map<String, Object> written;
    private final Map<String, AnnotationValue> sources;

    private TraceValues(Element annotated, AnnotationMirror mirror, Map<String, Object> written,
            Map<String, AnnotationValue> sources) {
        this.annotated = annotated;
        this.mirror = mirror;
        this.written = written;
        this.sources = sources;
    }

    /** The {@code @Trace} on {@code element}, or null if it has none. */
    static TraceValues on(Element element) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(ANNOTATION)) {
                return read(element, mirror);
            }
        }
        return null;
    }

    private static TraceValues read(Element element, AnnotationMirror mirror) {
        Map<String, Object> written = new LinkedHashMap<>();
        Map<String, AnnotationValue> sources = new LinkedHashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : mirror.getElementValues().entrySet()) {
            String name = entry.getKey().getSimpleName().toString();
            Object value = entry.getValue().getValue();
            if (value instanceof VariableElement) {
                value = ((VariableElement) value).getSimpleName().toString();
            }
            if (value instanceof String || value instanceof Integer || value instanceof Boolean) {
                written.put(name, value);
                sources.put(name, entry.getValue());
            }
        }
        return new TraceValues(element, mirror, written, sources);
    }

    /** The element the annotation is written on. */
    Element annotated() {
        return annotated;
    }

    /** The annotation as written, for diagnostics. */
    AnnotationMirror mirror() {
        return mirror;
    }

    /** Whether {@code name} was written. */
    boolean has(String name) {
        return written.containsKey(name);
    }

    /** The written value of {@code name}, or null if it was left out. */
    Object get(String name) {
        return written.get(name);
    }

    /** The written value of {@code name} as it appears in the source, or null. */
    AnnotationValue source(String name) {
        return sources.get(name);
    }

    /** Whether {@code constructors = true} was written. */
    boolean constructors() {
        return Boolean.TRUE.equals(written.get("constructors"));
    }

    /**
     * These values over {@code type}'s: each element written here wins, the others come
     * from the type's {@code @Trace} (which may be null).
     */
    TraceValues over(TraceValues type) {
        if (type == null) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(type.written);
        merged.putAll(written);
        Map<String, AnnotationValue> mergedSources = new LinkedHashMap<>(type.sources);
        mergedSources.putAll(sources);
        return new TraceValues(annotated, mirror, merged, mergedSources);
    }
}
