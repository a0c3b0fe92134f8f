package dev.faultline.agent.internal.options;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    /** The meaning the patterns have always had, as a regular expression: the reference. */
    private static Pattern reference(String glob, boolean className) {
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
        return Pattern.compile(regex.toString());
    }

    private static String random(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomPatternsAndNames() {
        Random random = new Random(42);
        int matched = 0;
        for (int n = 0; n < 200_000; n++) {
            boolean className = random.nextBoolean();
            String glob = random(random, "ab.$**", 8);
            String name = random(random, "ab.$", 10);
            boolean expected = reference(glob, className).matcher(name).matches();
            Glob compiled = className ? Glob.ofClass(glob) : Glob.ofMethod(glob);
            assertEquals(expected, compiled.matches(name), () -> glob + " on " + name + " (class " + className + ")");
            matched += expected ? 1 : 0;
        }
        assertTrue(matched > 10_000, "the random cases must include matches: " + matched);
    }

    @Test
    void segmentsAndAcross() {
        assertTrue(Glob.ofClass("com.acme.*").matches("com.acme.Store"));
        assertFalse(Glob.ofClass("com.acme.*").matches("com.acme.io.Store"));
        assertTrue(Glob.ofClass("com.acme.**").matches("com.acme.io.Store"));
        assertTrue(Glob.ofClass("com.**.Store").matches("com.acme.io.Store"));
        assertTrue(Glob.ofClass("com.acme.Outer$*").matches("com.acme.Outer$Inner"));
        assertTrue(Glob.ofMethod("read*").matches("readAll"));
        assertTrue(Glob.ofMethod("*").matches("<init>"));
        assertFalse(Glob.ofMethod("read*").matches("write"));
    }

    @Test
    void aPatternWithManyWildcardsStaysLinear() {
        String name = "a".repeat(5_000) + "b";
        Glob glob = Glob.ofMethod("*a*a*a*a*a*a*a*a*a*a*c");
        assertFalse(glob.matches(name)); // a backtracking matcher would take hours here
    }
}
