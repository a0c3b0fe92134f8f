package dev.faultline.processor.internal;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * Finds {@code @Trace} written inside a method body, lambda or initializer: on a local
 * class, or on a method of a local or anonymous class (enum constant bodies included).
 *
 * <p>Annotation processing does not see those declarations, and javac numbers such
 * classes ({@code Outer$1}, {@code Outer$1Local}) only after it, so they cannot go in the
 * index; the agent, reading the index instead of scanning, would never trace them. Each is
 * an error at its annotation. The trees are not attributed yet, so {@code Trace} is
 * recognised by its name and the compilation unit's imports.
 */
final class BodyTraceScanner extends TreeScanner<Void, Boolean> {
    static final String MESSAGE = "@Trace inside a method body, lambda or initializer (on a local or anonymous"
            + " class or one of its methods) cannot be put in the trace index: javac names those classes only"
            + " after annotation processing, so the agent would not trace it; move the code into a member or"
            + " top-level class and put @Trace there";

    private final Trees trees;
    private final Elements elements;
    private final CompilationUnitTree unit;

    private BodyTraceScanner(Trees trees, Elements elements, CompilationUnitTree unit) {
        this.trees = trees;
        this.elements = elements;
        this.unit = unit;
    }

    /** Reports every {@code @Trace} inside a body in {@code unit}. */
    static void scan(Trees trees, Elements elements, CompilationUnitTree unit) {
        new BodyTraceScanner(trees, elements, unit).scan(unit, Boolean.FALSE);
    }

    @Override
    public Void visitClass(ClassTree node, Boolean inBody) {
        if (inBody) {
            report(node.getModifiers());
        }
        return super.visitClass(node, inBody);
    }

    @Override
    public Void visitMethod(MethodTree node, Boolean inBody) {
        if (inBody) {
            report(node.getModifiers());
        }
        scan(node.getBody(), Boolean.TRUE);
        return null;
    }

    @Override
    public Void visitVariable(VariableTree node, Boolean inBody) {
        // a field's initializer may hold an anonymous class (enum constant bodies are one)
        scan(node.getInitializer(), Boolean.TRUE);
        return null;
    }

    @Override
    public Void visitBlock(BlockTree node, Boolean inBody) {
        return super.visitBlock(node, Boolean.TRUE);
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Boolean inBody) {
        return super.visitLambdaExpression(node, Boolean.TRUE);
    }

    private void report(ModifiersTree modifiers) {
        for (AnnotationTree annotation : modifiers.getAnnotations()) {
            if (isTrace(annotation)) {
                trees.printMessage(Diagnostic.Kind.ERROR, MESSAGE, annotation, unit);
            }
        }
    }

    private boolean isTrace(AnnotationTree annotation) {
        String name = annotation.getAnnotationType().toString();
        if (name.equals(TraceValues.ANNOTATION)) {
            return true;
        }
        if (!name.equals("Trace")) {
            return false;
        }
        String onDemand = null;
        for (ImportTree imported : unit.getImports()) {
            String qualified = imported.getQualifiedIdentifier().toString();
            if (imported.isStatic()) {
                continue;
            }
            if (qualified.equals(TraceValues.ANNOTATION)) {
                return true;
            }
            if (qualified.endsWith(".Trace")) {
                return false;
            }
            if (qualified.equals("dev.faultline.annotation.*")) {
                onDemand = qualified;
            }
        }
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        if (pkg.equals("dev.faultline.annotation")) {
            return true;
        }
        // a Trace of the unit's own package hides one imported on demand
        return onDemand != null && elements.getTypeElement(pkg.isEmpty() ? "Trace" : pkg + ".Trace") == null;
    }
}
