package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.internal.options.MethodPattern;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which methods are traced: those matching a {@code trace=} pattern, and those carrying
 * {@code @Trace} (matched by the annotation's name, so the agent works whether or not the
 * processor ran), or declared in a type that carries it. JDK classes only when a pattern
 * names them explicitly; never the agent's own classes.
 */
public final class Selection {
    /** The annotation's binary name; matched as a string, never as a class. */
    public static final String TRACE_ANNOTATION = "dev.faultline.annotation.Trace";
    private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    /** What the tracer itself runs on before its re-entry guard is up: never traced, even when named. */
    private static final String[] NEVER = {"java.lang.ThreadLocal", "java.util.concurrent.atomic.", "jdk.internal.misc.",
            "java.lang.invoke.", "jdk.internal.reflect.", "jdk.jfr.", "java.lang.Thread", "java.lang.ref."};
    private final java.util.Set<String> warnedNever = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final List<MethodPattern> patterns;
    private final AtomicBoolean[] matched;

    public Selection(List<MethodPattern> patterns) {
        this.patterns = patterns;
        this.matched = new AtomicBoolean[patterns.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = new AtomicBoolean();
        }
    }

    /** A cheap first test on the class name: may this type hold a traced method? */
    public boolean mayMatchType(TypeDescription type) {
        String name = type.getName();
        if (name.startsWith("dev.faultline.agent.") || name.startsWith("net.bytebuddy.")) {
            return false;
        }
        if (isNever(name)) {
            for (MethodPattern pattern : patterns) {
                if (pattern.matchesClass(name) && isJdk(pattern.literalPrefix()) && warnedNever.add(name)) {
                    System.err.println("faultline: warning: " + name + " is used by the tracer itself and is never"
                            + " traced (pattern '" + pattern + "')");
                }
            }
            return false;
        }
        for (MethodPattern pattern : patterns) {
            if (pattern.matchesClass(name) && (!isJdk(name) || isJdk(pattern.literalPrefix()))) {
                return true;
            }
        }
        if (isJdk(name)) {
            return false;
        }
        if (hasTrace(type.getDeclaredAnnotations())) {
            return true;
        }
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (hasTrace(method.getDeclaredAnnotations())) {
                return true;
            }
        }
        return false;
    }

    /** Whether this method of {@code type} is traced. */
    public boolean matchesMethod(TypeDescription type, MethodDescription method) {
        if (!method.isMethod() || method.isAbstract() || method.isNative() || method.isSynthetic()
                || method.isBridge()) {
            return false;
        }
        String name = type.getName();
        boolean result = false;
        for (int i = 0; i < patterns.size(); i++) {
            MethodPattern pattern = patterns.get(i);
            if (pattern.matchesClass(name) && pattern.matchesMethod(method.getName())
                    && (!isJdk(name) || isJdk(pattern.literalPrefix()))) {
                matched[i].set(true);
                result = true;
            }
        }
        if (!isJdk(name) && (hasTrace(method.getDeclaredAnnotations()) || hasTrace(type.getDeclaredAnnotations()))) {
            result = true;
        }
        return result;
    }

    /** The patterns that have matched no method so far. */
    public List<MethodPattern> unmatched() {
        List<MethodPattern> list = new java.util.ArrayList<>();
        for (int i = 0; i < matched.length; i++) {
            if (!matched[i].get()) {
                list.add(patterns.get(i));
            }
        }
        return list;
    }

    private static boolean hasTrace(AnnotationList annotations) {
        for (AnnotationDescription annotation : annotations) {
            if (annotation.getAnnotationType().getName().equals(TRACE_ANNOTATION)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNever(String name) {
        for (String prefix : NEVER) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJdk(String name) {
        for (String prefix : JDK_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
