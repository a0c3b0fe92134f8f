package dev.faultline.processor.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The trace points of one type: its own {@code @Trace} expanded over the methods it
 * covers, and each method's {@code @Trace} merged over the type's; with the errors and
 * warnings about them.
 *
 * <p>A type's {@code @Trace} covers the methods with a body written in the type (not those
 * of nested types, not the members a record or enum gets implicitly), and its
 * constructors only with {@code constructors = true}.
 */
final class TypeTracePoints {
    private final Elements elements;
    private final Descriptors descriptors;
    private final SourceTrees trees;
    private final ElementNames names;
    private final Diagnostics diagnostics;

    TypeTracePoints(Elements elements, Descriptors descriptors, SourceTrees trees, ElementNames names,
            Diagnostics diagnostics) {
        this.elements = elements;
        this.descriptors = descriptors;
        this.trees = trees;
        this.names = names;
        this.diagnostics = diagnostics;
    }

    /**
     * Whether every signature in {@code type} resolves; if not, a type generated later in
     * the compilation may be missing, and the type is best looked at in the next round.
     */
    boolean resolves(TypeElement type) {
        for (ExecutableElement executable : executables(type)) {
            if (descriptors.of(executable) == null) {
                return false;
            }
        }
        return true;
    }

    /** Reports what is wrong with the trace points of {@code type}, and adds its valid ones to {@code lines}. */
    void collect(TypeElement type, Collection<IndexLine> lines) {
        TraceValues typeTrace = TraceValues.on(type);
        if (typeTrace != null && !checkType(type, typeTrace)) {
            typeTrace = null;
        }
        String className = elements.getBinaryName(type).toString();
        int covered = 0;
        for (ExecutableElement executable : executables(type)) {
            boolean byType = typeTrace != null && covers(typeTrace, executable);
            covered += byType ? 1 : 0;
            TraceValues own = TraceValues.on(executable);
            TraceValues effective = own != null && checkMethod(executable, own) ? own.over(typeTrace)
                    : own == null && byType ? typeTrace
                    : null;
            String descriptor = effective == null ? null : descriptors.of(executable);
            if (descriptor != null) {
                lines.add(new IndexLine(className, executable.getSimpleName().toString(), descriptor,
                        OptionsField.format(effective)));
            }
        }
        if (typeTrace != null && covered == 0) {
            diagnostics.warning(typeTrace, null, "@Trace on " + names.describe(type) + " covers no method: it declares"
                    + " no method with a body" + (typeTrace.constructors() ? "" : " (constructors count only with"
                    + " constructors = true)") + ", and the methods of nested types are not covered; put @Trace on"
                    + " the types or methods to trace, or remove it");
        }
    }

    private static List<ExecutableElement> executables(TypeElement type) {
        List<ExecutableElement> executables = new ArrayList<>();
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() == ElementKind.METHOD || member.getKind() == ElementKind.CONSTRUCTOR) {
                executables.add((ExecutableElement) member);
            }
        }
        return executables;
    }

    private boolean covers(TraceValues typeTrace, ExecutableElement executable) {
        if (executable.getKind() == ElementKind.CONSTRUCTOR) {
            return typeTrace.constructors();
        }
        return hasBody(executable) && trees.isWritten(executable);
    }

    private static boolean hasBody(ExecutableElement method) {
        return !method.getModifiers().contains(Modifier.ABSTRACT) && !method.getModifiers().contains(Modifier.NATIVE);
    }

    /** Reports what is wrong with the type's own {@code @Trace}; true if it can be expanded. */
    private boolean checkType(TypeElement type, TraceValues trace) {
        String where = names.describe(type);
        boolean valid = TraceValueChecks.check(trace, where, diagnostics);
        if (type.getKind() == ElementKind.ANNOTATION_TYPE) {
            diagnostics.error(trace, null, "@Trace on " + where + ": an annotation type has no method bodies to"
                    + " trace; remove @Trace");
            return false;
        }
        if (type.getKind() == ElementKind.INTERFACE) {
            if (trace.constructors()) {
                diagnostics.warning(trace, "constructors", "@Trace(constructors = true) on " + where
                        + " has no effect: an interface has no constructors; remove constructors = true");
            }
            boolean anyBody = executables(type).stream().anyMatch(TypeTracePoints::hasBody);
            if (!anyBody) {
                diagnostics.error(trace, null, "@Trace on " + where + ", which has no method with a body:"
                        + " there is nothing to trace, and @Trace is not inherited by implementing classes;"
                        + " put @Trace on the implementing classes or their methods instead");
                return false;
            }
        }
        return valid;
    }

    /** Reports what is wrong with a method's own {@code @Trace}; true if it is a valid trace point. */
    private boolean checkMethod(ExecutableElement method, TraceValues trace) {
        String where = names.method(method);
        boolean valid = TraceValueChecks.check(trace, where, diagnostics);
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            diagnostics.error(trace, null, "@Trace on " + where + ", which has no body: there is nothing to trace,"
                    + " and @Trace is not inherited by the methods that implement or override it; put @Trace on"
                    + " those methods instead");
            valid = false;
        } else if (method.getModifiers().contains(Modifier.NATIVE)) {
            diagnostics.error(trace, null, "@Trace on native method " + where + ": it has no Java body to"
                    + " instrument; put @Trace on the Java method that calls it (its dumps show the native frames)");
            valid = false;
        }
        if (trace.constructors()) {
            diagnostics.warning(trace, "constructors", "@Trace(constructors = true) on " + where + " has no effect:"
                    + " constructors applies only to @Trace on a type; remove it, or write"
                    + " @Trace(constructors = true) on the class");
        }
        String trivial = valid ? trees.trivialBody(method) : null;
        if (trivial != null) {
            diagnostics.warning(trace, null, "@Trace on " + where + ", which " + trivial + ": tracing costs far"
                    + " more than such a call, and the traced method grows too big for the JIT to inline into its"
                    + " callers; trace a method that does real work, or remove @Trace");
        }
        return valid;
    }
}
