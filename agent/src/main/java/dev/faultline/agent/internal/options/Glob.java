package dev.faultline.agent.internal.options;

/**
 * One side of a {@link MethodPattern}, matched without {@code java.util.regex} (whose first
 * use loads and compiles dozens of classes and lambdas inside the host's start-up). In a
 * class name {@code *} matches any run of characters but {@code .}, and {@code **} any run
 * at all; in a method name {@code *} matches any run. Every other character stands for
 * itself. Matching walks the name once, keeping the set of pattern positions reached (no
 * backtracking, so no pattern is slow on any name).
 */
final class Glob {
    private static final byte LITERAL = 0;
    /** {@code *} in a class name: any run without a {@code .}. */
    private static final byte SEGMENT = 1;
    /** {@code **} in a class name, {@code *} in a method name: any run. */
    private static final byte ANY = 2;

    private final byte[] kinds;
    private final char[] literals;

    private Glob(byte[] kinds, char[] literals) {
        this.kinds = kinds;
        this.literals = literals;
    }

    /** A class-name glob ({@code *} within a segment, {@code **} across). */
    static Glob ofClass(String glob) {
        return of(glob, true);
    }

    /** A method-name glob ({@code *} matches anything). */
    static Glob ofMethod(String glob) {
        return of(glob, false);
    }

    private static Glob of(String glob, boolean className) {
        byte[] kinds = new byte[glob.length()];
        char[] literals = new char[glob.length()];
        int n = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*') {
                kinds[n] = LITERAL;
                literals[n++] = c;
            } else if (className && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                kinds[n++] = ANY;
                i++;
            } else {
                kinds[n++] = className ? SEGMENT : ANY;
            }
        }
        return new Glob(java.util.Arrays.copyOf(kinds, n), java.util.Arrays.copyOf(literals, n));
    }

    /** Whether the whole name matches. */
    boolean matches(String name) {
        int m = kinds.length;
        boolean[] at = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        at[0] = true;
        skipWildcards(at);
        for (int j = 0; j < name.length(); j++) {
            char c = name.charAt(j);
            boolean any = false;
            java.util.Arrays.fill(next, false);
            for (int i = 0; i < m; i++) {
                if (!at[i]) {
                    continue;
                }
                byte kind = kinds[i];
                if (kind == LITERAL) {
                    if (literals[i] == c) {
                        next[i + 1] = true;
                        any = true;
                    }
                } else if (kind == ANY || c != '.') {
                    next[i] = true; // the wildcard takes this character and may take more
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            skipWildcards(next);
            boolean[] swap = at;
            at = next;
            next = swap;
        }
        return at[m];
    }

    /** A wildcard may also match nothing: where one is reached, so is the position after it. */
    private void skipWildcards(boolean[] positions) {
        for (int i = 0; i < kinds.length; i++) {
            if (positions[i] && kinds[i] != LITERAL) {
                positions[i + 1] = true;
            }
        }
    }

    /** {@code [A-Za-z0-9_]}: a word character as the pattern syntax has always meant it (ASCII). */
    static boolean isWordCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
