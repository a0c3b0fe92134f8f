package dev.faultline.processor.internal;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * What the source trees tell beyond the element model: which methods are written in the
 * source, which bodies are trivial, where {@code @Trace} sits inside bodies.
 *
 * <p>It uses javac's {@code com.sun.source} API, exported by {@code jdk.compiler} (no
 * {@code --add-exports}). Where that is not available (a compiler other than javac, or a
 * build tool that wraps javac's processing environment), {@link #none()} answers from the
 * element model alone: no trivial-body warnings, no scan of bodies, and the implicit
 * members of records and enums recognised by their signatures.
 */
class SourceTrees {
    private SourceTrees() {
    }

    /** The trees of {@code env}'s compilation, or {@link #none()} where there are none. */
    static SourceTrees of(ProcessingEnvironment env) {
        try {
            return new ForJavac(Trees.instance(env), env.getElementUtils());
        } catch (IllegalArgumentException | LinkageError notJavac) {
            return none();
        }
    }

    /** Answers from the element model alone. */
    static SourceTrees none() {
        return new SourceTrees();
    }

    /**
     * Whether {@code method} is written in the source, rather than supplied by the language
     * (a record's accessors, {@code equals}, {@code hashCode}, {@code toString}; an enum's
     * {@code values} and {@code valueOf}).
     */
    boolean isWritten(ExecutableElement method) {
        // Elements.getOrigin calls these EXPLICIT (JDK 17 and 25), hence the signatures
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String name = method.getSimpleName().toString();
        int arity = method.getParameters().size();
        if (owner.getKind() == ElementKind.ENUM && method.getModifiers().contains(Modifier.STATIC)) {
            return !(name.equals("values") && arity == 0 || name.equals("valueOf") && arity == 1);
        }
        if (owner.getKind() == ElementKind.RECORD) {
            boolean objectMethod = name.equals("toString") && arity == 0 || name.equals("hashCode") && arity == 0
                    || name.equals("equals") && arity == 1;
            boolean accessor = arity == 0 && owner.getRecordComponents().stream()
                    .anyMatch(component -> component.getSimpleName().contentEquals(name));
            return !objectMethod && !accessor;
        }
        return true;
    }

    /** Why {@code method}'s body is too small to trace ("is empty", ...), or null. */
    String trivialBody(ExecutableElement method) {
        return null;
    }

    /** Reports {@code @Trace} inside the bodies of the compilation unit of {@code type}. */
    void scanBodies(Element type) {
    }

    /** The answers javac's trees give. */
    private static final class ForJavac extends SourceTrees {
        private final Trees trees;
        private final Elements elements;
        private final Set<CompilationUnitTree> scanned = Collections.newSetFromMap(new IdentityHashMap<>());

        ForJavac(Trees trees, Elements elements) {
            this.trees = trees;
            this.elements = elements;
        }

        @Override
        boolean isWritten(ExecutableElement method) {
            // javac gives the implicit members it adds to records and enums no tree
            return trees.getTree(method) != null;
        }

        @Override
        String trivialBody(ExecutableElement method) {
            MethodTree tree = trees.getTree(method);
            return tree == null ? null : TrivialBodies.describe(tree);
        }

        @Override
        void scanBodies(Element type) {
            TreePath path = trees.getPath(type);
            if (path != null && scanned.add(path.getCompilationUnit())) {
                BodyTraceScanner.scan(trees, elements, path.getCompilationUnit());
            }
        }
    }
}
