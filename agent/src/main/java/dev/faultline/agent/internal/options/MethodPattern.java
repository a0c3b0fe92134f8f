package dev.faultline.agent.internal.options;

/**
 * A {@code trace=} pattern {@code CLASS#METHOD}: {@code *} matches within one package
 * segment or name, {@code **} across segments ({@code com.acme.Foo#bar},
 * {@code com.acme.io.*#read*}, {@code com.acme.**#*}). Class names are binary names
 * ({@code Outer$Inner}).
 */
public final class MethodPattern {
    private final String text;
    private final Glob classPattern;
    private final Glob methodPattern;
    private final String literalPrefix;

    private MethodPattern(String text, Glob classPattern, Glob methodPattern, String literalPrefix) {
        this.text = text;
        this.classPattern = classPattern;
        this.methodPattern = methodPattern;
        this.literalPrefix = literalPrefix;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static MethodPattern compile(String text) {
        int hash = text.indexOf('#');
        if (hash <= 0 || hash != text.lastIndexOf('#') || hash == text.length() - 1) {
            throw new IllegalArgumentException("a pattern is CLASS#METHOD, e.g. com.acme.Store#load or com.acme.**#*");
        }
        String classPart = text.substring(0, hash);
        String methodPart = text.substring(hash + 1);
        if (!only(classPart, ".$*") || classPart.contains("***")
                || classPart.startsWith(".") || classPart.endsWith(".") || classPart.contains("..")) {
            throw new IllegalArgumentException("bad class part '" + classPart
                    + "' (letters, digits, '.', '$', '*' within a segment, '**' across segments)");
        }
        if (!only(methodPart, "$*<>")) {
            throw new IllegalArgumentException("bad method part '" + methodPart + "' (a method name, '*' as a wildcard)");
        }
        int star = classPart.indexOf('*');
        String prefix = star < 0 ? classPart : classPart.substring(0, star);
        return new MethodPattern(text, Glob.ofClass(classPart), Glob.ofMethod(methodPart), prefix);
    }

    /** Whether the text is made only of word characters ({@code [A-Za-z0-9_]}) and these others. */
    private static boolean only(String text, String others) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Glob.isWordCharacter(c) && others.indexOf(c) < 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Whether the class (binary name) may hold matching methods. */
    public boolean matchesClass(String className) {
        // the literal part first: it rules out almost every class without walking the glob
        return className.startsWith(literalPrefix) && classPattern.matches(className);
    }

    /** Whether the method name matches. */
    public boolean matchesMethod(String methodName) {
        return methodPattern.matches(methodName);
    }

    /** The class part up to its first wildcard: JDK classes are traced only when this names them. */
    public String literalPrefix() {
        return literalPrefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
