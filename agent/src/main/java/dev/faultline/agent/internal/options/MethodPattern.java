package dev.faultline.agent.internal.options;

import java.util.regex.Pattern;

/**
 * A {@code trace=} pattern {@code CLASS#METHOD}: {@code *} matches within one package
 * segment or name, {@code **} across segments ({@code com.acme.Foo#bar},
 * {@code com.acme.io.*#read*}, {@code com.acme.**#*}). Class names are binary names
 * ({@code Outer$Inner}).
 */
public final class MethodPattern {
    private static final Pattern CLASS_SYNTAX = Pattern.compile("[\\w.$*]+");
    private static final Pattern METHOD_SYNTAX = Pattern.compile("[\\w$*<>]+");

    private final String text;
    private final Pattern classPattern;
    private final Pattern methodPattern;
    private final String literalPrefix;

    private MethodPattern(String text, Pattern classPattern, Pattern methodPattern, String literalPrefix) {
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
        if (!CLASS_SYNTAX.matcher(classPart).matches() || classPart.contains("***")
                || classPart.startsWith(".") || classPart.endsWith(".") || classPart.contains("..")) {
            throw new IllegalArgumentException("bad class part '" + classPart
                    + "' (letters, digits, '.', '$', '*' within a segment, '**' across segments)");
        }
        if (!METHOD_SYNTAX.matcher(methodPart).matches()) {
            throw new IllegalArgumentException("bad method part '" + methodPart + "' (a method name, '*' as a wildcard)");
        }
        int star = classPart.indexOf('*');
        String prefix = star < 0 ? classPart : classPart.substring(0, star);
        return new MethodPattern(text, Pattern.compile(toRegex(classPart, true)),
                Pattern.compile(toRegex(methodPart, false)), prefix);
    }

    private static String toRegex(String glob, boolean className) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (className && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append(className ? "[^.]*" : ".*");
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** Whether the class (binary name) may hold matching methods. */
    public boolean matchesClass(String className) {
        // the literal part first: it rules out almost every class without running the regex
        return className.startsWith(literalPrefix) && classPattern.matcher(className).matches();
    }

    /** Whether the method name matches. */
    public boolean matchesMethod(String methodName) {
        return methodPattern.matcher(methodName).matches();
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
