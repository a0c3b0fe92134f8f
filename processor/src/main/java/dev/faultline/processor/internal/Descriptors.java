package dev.faultline.processor.internal;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * JVM method descriptors ({@code (Ljava/lang/String;[I)Ljava/util/List;}) of source
 * methods, as javac will write them to the class file.
 *
 * <p>Types are erased (a type variable becomes the erasure of its first bound). Two
 * parameters javac adds that the source does not show are added here too: the enclosing
 * instance first in an inner class's constructors, and the constant's name and ordinal
 * first in an enum's constructors.
 */
final class Descriptors {
    private final Types types;
    private final Elements elements;

    Descriptors(Types types, Elements elements) {
        this.types = types;
        this.elements = elements;
    }

    /**
     * The descriptor of {@code method}, or null while a type in its signature does not
     * resolve (it may be generated in a later round).
     */
    String of(ExecutableElement method) {
        StringBuilder out = new StringBuilder("(");
        if (method.getKind() == ElementKind.CONSTRUCTOR) {
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            if (owner.getKind() == ElementKind.ENUM) {
                out.append("Ljava/lang/String;I");
            } else if (isInner(owner) && !append(out, owner.getEnclosingElement().asType())) {
                return null;
            }
        }
        for (VariableElement parameter : method.getParameters()) {
            if (!append(out, parameter.asType())) {
                return null;
            }
        }
        out.append(')');
        return append(out, method.getReturnType()) ? out.toString() : null;
    }

    /** Whether instances of {@code type} carry an enclosing instance. */
    private static boolean isInner(TypeElement type) {
        // javac marks implicitly static members (enums, records, interfaces and the
        // classes declared in interfaces) as static, so this test is enough
        return type.getKind() == ElementKind.CLASS
                && type.getNestingKind() == NestingKind.MEMBER
                && !type.getModifiers().contains(Modifier.STATIC);
    }

    private boolean append(StringBuilder out, TypeMirror type) {
        switch (type.getKind()) {
            case BOOLEAN: out.append('Z'); return true;
            case BYTE: out.append('B'); return true;
            case CHAR: out.append('C'); return true;
            case SHORT: out.append('S'); return true;
            case INT: out.append('I'); return true;
            case LONG: out.append('J'); return true;
            case FLOAT: out.append('F'); return true;
            case DOUBLE: out.append('D'); return true;
            case VOID: out.append('V'); return true;
            default: break;
        }
        TypeMirror erased = types.erasure(type);
        switch (erased.getKind()) {
            case ARRAY:
                out.append('[');
                return append(out, ((ArrayType) erased).getComponentType());
            case DECLARED:
                TypeElement element = (TypeElement) ((DeclaredType) erased).asElement();
                out.append('L').append(elements.getBinaryName(element).toString().replace('.', '/')).append(';');
                return true;
            default:
                // ERROR (not resolved yet), or a kind no erased signature holds
                return false;
        }
    }
}
