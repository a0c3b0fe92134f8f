package dev.faultline.processor.internal;

import java.util.StringJoiner;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Short names of types and methods for diagnostics, as a reader finds them in the source:
 * {@code Outer.Inner}, {@code Store.load(String, int[])}, {@code class Store}.
 */
final class ElementNames {
    private final Types types;

    ElementNames(Types types) {
        this.types = types;
    }

    /** {@code Store.load(String, int[])} for a method, {@code class Store} for a type. */
    String describe(Element element) {
        if (element instanceof ExecutableElement) {
            return method((ExecutableElement) element);
        }
        return kind(element.getKind()) + " " + type((TypeElement) element);
    }

    /** {@code Store.load(String, int[])}: the type's name, the method's and its parameters' erased types. */
    String method(ExecutableElement method) {
        StringJoiner parameters = new StringJoiner(", ", "(", ")");
        for (VariableElement parameter : method.getParameters()) {
            parameters.add(simple(parameter.asType()));
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String name = method.getKind() == ElementKind.CONSTRUCTOR
                ? owner.getSimpleName().toString() : method.getSimpleName().toString();
        return type(owner) + "." + name + parameters;
    }

    /** The type's simple name, with the simple names of the types it is nested in. */
    static String type(TypeElement type) {
        String name = type.getSimpleName().toString();
        Element enclosing = type.getEnclosingElement();
        return enclosing instanceof TypeElement ? type((TypeElement) enclosing) + "." + name : name;
    }

    private String simple(TypeMirror type) {
        TypeMirror erased = type.getKind().isPrimitive() ? type : types.erasure(type);
        if (erased.getKind() == TypeKind.ARRAY) {
            return simple(((javax.lang.model.type.ArrayType) erased).getComponentType()) + "[]";
        }
        if (erased.getKind() == TypeKind.DECLARED) {
            return type((TypeElement) ((DeclaredType) erased).asElement());
        }
        return erased.toString();
    }

    private static String kind(ElementKind kind) {
        switch (kind) {
            case INTERFACE: return "interface";
            case ANNOTATION_TYPE: return "annotation type";
            case ENUM: return "enum";
            case RECORD: return "record";
            default: return "class";
        }
    }
}
