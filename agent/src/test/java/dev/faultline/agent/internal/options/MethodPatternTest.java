package dev.faultline.agent.internal.options;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code trace=} glob: {@code *} within a segment or name, {@code **} across segments, binary class names. */
class MethodPatternTest {

    @Test
    void starMatchesOneClassNameSegmentOnly() {
        MethodPattern pattern = MethodPattern.compile("com.acme.*#x");

        assertTrue(pattern.matchesClass("com.acme.Foo"));
        assertFalse(pattern.matchesClass("com.acme.io.Foo"));
        assertFalse(pattern.matchesClass("com.acmecorp.Foo"));
    }

    @Test
    void starInTheMiddleMatchesOneWholeSegment() {
        MethodPattern pattern = MethodPattern.compile("com.*.Store#load");

        assertTrue(pattern.matchesClass("com.acme.Store"));
        assertFalse(pattern.matchesClass("com.acme.io.Store"));
        assertFalse(pattern.matchesClass("com.acme.Stores"));
    }

    @Test
    void doubleStarMatchesAcrossSegments() {
        MethodPattern pattern = MethodPattern.compile("com.acme.**#*");

        assertTrue(pattern.matchesClass("com.acme.Foo"));
        assertTrue(pattern.matchesClass("com.acme.io.Foo"));
        assertTrue(pattern.matchesClass("com.acme.io.deep.Foo$Inner"));
        assertFalse(pattern.matchesClass("com.acmecorp.Foo"));
        assertFalse(pattern.matchesClass("org.acme.Foo"));
    }

    @Test
    void doubleStarAloneMatchesEveryClass() {
        MethodPattern pattern = MethodPattern.compile("**#*");

        assertTrue(pattern.matchesClass("Foo"));
        assertTrue(pattern.matchesClass("java.util.ArrayList"));
        assertEquals("", pattern.literalPrefix());
    }

    @Test
    void nestedClassesAreNamedWithADollar() {
        MethodPattern exact = MethodPattern.compile("com.acme.Outer$Inner#run");
        MethodPattern outerOnly = MethodPattern.compile("com.acme.Outer#run");
        MethodPattern outerAndNested = MethodPattern.compile("com.acme.Outer*#run");

        assertTrue(exact.matchesClass("com.acme.Outer$Inner"));
        assertFalse(exact.matchesClass("com.acme.Outer"));
        assertFalse(exact.matchesClass("com.acme.Outer$Inner$Deeper"));
        assertTrue(outerOnly.matchesClass("com.acme.Outer"));
        assertFalse(outerOnly.matchesClass("com.acme.Outer$Inner"));
        assertTrue(outerAndNested.matchesClass("com.acme.Outer"));
        assertTrue(outerAndNested.matchesClass("com.acme.Outer$Inner"));
    }

    @Test
    void dotsAndDollarsAreLiteralNotRegex() {
        MethodPattern pattern = MethodPattern.compile("com.acme.Foo$1#get$x");

        assertTrue(pattern.matchesClass("com.acme.Foo$1"));
        assertFalse(pattern.matchesClass("comXacme.Foo$1"));
        assertFalse(pattern.matchesClass("com.acme.Foo1"));
        assertTrue(pattern.matchesMethod("get$x"));
        assertFalse(pattern.matchesMethod("getx"));
    }

    @Test
    void methodGlobsMatchWholeNamesCaseSensitively() {
        MethodPattern pattern = MethodPattern.compile("com.acme.io.*#read*");

        assertTrue(pattern.matchesMethod("read"));
        assertTrue(pattern.matchesMethod("readAll"));
        assertFalse(pattern.matchesMethod("thread"));
        assertFalse(pattern.matchesMethod("Read"));
        assertFalse(pattern.matchesMethod("write"));
    }

    @Test
    void starAloneMatchesEveryMethodName() {
        MethodPattern pattern = MethodPattern.compile("com.acme.Foo#*");

        assertTrue(pattern.matchesMethod("bar"));
        assertTrue(pattern.matchesMethod("lambda$main$0"));
        assertTrue(pattern.matchesClass("com.acme.Foo"));
        assertFalse(pattern.matchesClass("com.acme.FooBar"));
    }

    @Test
    void literalPrefixIsTheClassPartUpToItsFirstWildcard() {
        assertEquals("java.util.zip.Adler32", MethodPattern.compile("java.util.zip.Adler32#getValue").literalPrefix());
        assertEquals("java.util.", MethodPattern.compile("java.util.*#size").literalPrefix());
        assertEquals("com.acme.", MethodPattern.compile("com.acme.**#*").literalPrefix());
    }

    @Test
    void toStringIsThePatternAsWritten() {
        assertEquals("com.acme.**#read*", MethodPattern.compile("com.acme.**#read*").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NoHash", "#load", "com.acme.Store#", "a.B#c#d"})
    void aPatternWithoutOneClassAndOneMethodPartIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodPattern.compile(text));

        assertTrue(e.getMessage().startsWith("a pattern is CLASS#METHOD"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..B", ".a.B", "a.B.", "a.***", "com-acme.B", "a.B c", "a/B"})
    void aBadClassPartIsRejectedAndNamed(String classPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodPattern.compile(classPart + "#run"));

        assertTrue(e.getMessage().startsWith("bad class part '" + classPart + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run()", "run(int)", "a.b", "run-fast"})
    void aBadMethodPartIsRejectedAndNamed(String methodPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodPattern.compile("com.acme.Store#" + methodPart));

        assertTrue(e.getMessage().startsWith("bad method part '" + methodPart + "'"), e.getMessage());
    }
}
