package dev.faultline.nativebridge.internal;

import dev.faultline.nativebridge.internal.elf.Binutils;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks {@link Demangler} against {@code c++filt} on names from libjvm.so, and on fixed examples. */
class DemanglerTest {

    static final Path LIBJVM = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");

    @Test
    void libstdcxxIsThereToDemangleWith() {
        assertNotNull(Natives.libstdcxx().library(), Natives.libstdcxx().problem());
    }

    @Test
    void callHelperLosesItsParameters() {
        assertEquals("JavaCalls::call_helper",
                Demangler.demangle("_ZN9JavaCalls11call_helperEP9JavaValueRK12methodHandleP17JavaCallArgumentsP10JavaThread"));
    }

    @Test
    void namesThatAreNotMangledOrDoNotDemangleComeBackUnchanged() {
        assertEquals("start_thread", Demangler.demangle("start_thread"));
        assertEquals("_Zgarbage!", Demangler.demangle("_Zgarbage!"));
        assertEquals("", Demangler.demangle(""));
        assertNull(Demangler.demangle(null));
        assertNull(Demangler.demangleFully("_Zgarbage!"));
    }

    @Test
    void javaCallsNamesInLibjvmMatchCxxfiltUpToTheirParameterList() {
        List<String> names = new ArrayList<>();
        for (String line : Binutils.run("nm", LIBJVM.toString())) {
            String name = line.substring(line.lastIndexOf(' ') + 1);
            if (name.startsWith("_ZN9JavaCalls")) {
                names.add(name);
            }
        }
        assertTrue(names.size() >= 10, "nm found only " + names.size() + " JavaCalls names in " + LIBJVM);
        List<String> filtered = Binutils.run(names, "c++filt");
        assertEquals(names.size(), filtered.size());
        for (int i = 0; i < names.size(); i++) {
            String expected = filtered.get(i);
            assertEquals(expected, Demangler.demangleFully(names.get(i)));
            // These are plain JavaCalls:: members without templates: the name is c++filt's text up to the first '('.
            assertEquals(expected.substring(0, expected.indexOf('(')), Demangler.demangle(names.get(i)), names.get(i));
        }
    }

    @Test
    void aSampleOfLibjvmNamesDemanglesAsCxxfiltDoesAndKeepsItsPrefix() {
        List<String> names = new ArrayList<>();
        for (String line : Binutils.run("nm", "--defined-only", LIBJVM.toString())) {
            String name = line.substring(line.lastIndexOf(' ') + 1);
            if (name.startsWith("_Z")) {
                names.add(name);
            }
        }
        Collections.shuffle(names, new Random(7));
        names = names.subList(0, 500);
        List<String> filtered = Binutils.run(names, "c++filt");
        for (int i = 0; i < names.size(); i++) {
            String expected = filtered.get(i);
            String name = names.get(i);
            assertEquals(expected, Demangler.demangleFully(name), name);
            String stripped = Demangler.demangle(name);
            int clone = expected.indexOf(" [clone ");
            String params = clone > 0 ? expected.substring(0, clone) : expected;
            String base = clone > 0 ? stripped.substring(0, stripped.length() - (expected.length() - clone)) : stripped;
            if (stripped.equals(expected)) {
                assertTrue(!params.endsWith(")"), name + ": parameters kept in " + stripped);
            } else {
                assertTrue(params.startsWith(base) && params.charAt(base.length()) == '(' && stripped.endsWith(expected.substring(params.length())),
                        name + ": " + stripped + " is not " + expected + " cut before its parameters");
            }
        }
    }

    @Test
    void parameterListsAreCutAtTheMatchingParenthesis() {
        assertEquals("(anonymous namespace)::Foo::bar", Demangler.stripParameters("(anonymous namespace)::Foo::bar(int)"));
        assertEquals("Foo::operator()", Demangler.stripParameters("Foo::operator()(int)"));
        assertEquals("Foo::operator()", Demangler.stripParameters("Foo::operator()() const"));
        assertEquals("Foo<void (*)(int)>::bar", Demangler.stripParameters("Foo<void (*)(int)>::bar(void (*)(int)) const &&"));
        assertEquals("Foo::bar", Demangler.stripParameters("Foo::bar(int) volatile &"));
        assertEquals("Foo::run()::{lambda(int)#1}::operator()",
                Demangler.stripParameters("Foo::run()::{lambda(int)#1}::operator()(int) const"));
        assertEquals("vtable for Foo", Demangler.stripParameters("vtable for Foo"));
        assertEquals("unbalanced)", Demangler.stripParameters("unbalanced)"));
    }

    @Test
    void gccCloneSuffixesStayAfterTheStrippedName() {
        assertEquals("Foo::bar [clone .cold]", Demangler.stripParameters("Foo::bar(int) [clone .cold]"));
        assertEquals("Foo::bar [clone .constprop.0] [clone .isra.0]",
                Demangler.demangle("_ZN3Foo3barEi.constprop.0.isra.0"));
    }

    @Test
    void templateArgumentsAndAnonymousNamespacesSurvive() {
        assertEquals("void Foo<int>::bar<double>", Demangler.demangle("_ZN3FooIiE3barIdEEvT_"));
        assertEquals("(anonymous namespace)::Foo::bar", Demangler.demangle("_ZN12_GLOBAL__N_13Foo3barEi"));
        assertEquals("Foo::operator()", Demangler.demangle("_ZN3FooclEi"));
    }

    @Test
    void manyThreadsDemangleAtOnceWithTheSameResults() throws Exception {
        String name = "_ZN9JavaCalls11call_helperEP9JavaValueRK12methodHandleP17JavaCallArgumentsP10JavaThread";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!"JavaCalls::call_helper".equals(Demangler.demangle(name))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
