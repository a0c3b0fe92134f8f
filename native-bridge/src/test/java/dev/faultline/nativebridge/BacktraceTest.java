package dev.faultline.nativebridge;

import dev.faultline.nativebridge.testing.ForkedJvm;
import dev.faultline.nativebridge.testing.Tools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class BacktraceTest {
    private static final List<String> WITH_FRAME_POINTERS = List.of("-XX:+PreserveFramePointer");
    private static final List<String> WITHOUT_FRAME_POINTERS = List.of("-XX:-PreserveFramePointer");

    @Test
    void javaFramesEqualThreadGetStackTraceAtTheSameCallSite() {
        // both on one line: the same call site
        StackTraceElement[] expected = Thread.currentThread().getStackTrace(); Backtrace backtrace = Backtrace.capture();

        List<StackTraceElement> java = backtrace.frames().stream()
                .filter(f -> f.kind() == Frame.Kind.JAVA)
                .map(Frame::stackTraceElement)
                .collect(Collectors.toList());
        assertEquals(List.of(expected).subList(1, expected.length), java);
        assertEquals("javaFramesEqualThreadGetStackTraceAtTheSameCallSite", backtrace.frames().get(0).methodName());
    }

    @Test
    void aFrameLimitKeepsTheInnermostFramesAndCountsTheRest() {
        Backtrace all = Backtrace.capture();
        Backtrace three = Backtrace.capture(3);

        assertEquals(3, three.frames().size());
        assertEquals(all.frames().get(0).methodName(), three.frames().get(0).methodName());
        assertEquals(all.frames().size() - 3, three.omittedFrames());
        assertTrue(three.format().contains("(" + three.omittedFrames() + " more frames)"), three.format());
    }

    @Test
    void formatPrintsStartAndEndLinesAndIndentsTwoSpacesPerDepth() {
        Backtrace backtrace = Backtrace.capture();
        String[] lines = backtrace.format("  [header]").split("\\R");

        assertEquals("-------------------- Start trace --------------------", lines[0]);
        assertEquals("--------------------- End trace ---------------------", lines[lines.length - 1]);
        assertTrue(lines[1].startsWith(getClass().getName() + ".formatPrintsStartAndEndLinesAndIndentsTwoSpacesPerDepth("),
                lines[1]);
        assertTrue(lines[1].endsWith("  [header]"), lines[1]);
        for (int depth = 0; depth < backtrace.frames().size(); depth++) {
            assertEquals("  ".repeat(depth) + backtrace.frames().get(depth), lines[1 + depth].replace("  [header]", ""));
        }
    }

    @Test
    void withoutFramePointersTheDumpSaysThatNativeFramesBelowAreNotVisible() {
        assertEquals(Boolean.FALSE, NativeSupport.preserveFramePointer(), "the test JVM runs without the flag");
        Backtrace backtrace = Backtrace.capture();

        Frame last = backtrace.frames().get(backtrace.frames().size() - 1);
        assertEquals(Frame.Kind.UNSEEN, last.kind());
        assertTrue(last.description().contains("-XX:+PreserveFramePointer"), last.description());
        assertFalse(backtrace.complete());
        assertTrue(backtrace.frames().stream().noneMatch(f -> f.kind() == Frame.Kind.NATIVE));
    }

    @Test
    void withFramePointersInterpretedJavaSitsAboveTheJvmLauncherAndThreadStart() {
        checkMixedStack(ForkedJvm.run(MixedStackProgram.class, WITH_FRAME_POINTERS, "interpreted"));
    }

    @Test
    void withFramePointersCompiledJavaSitsAboveTheJvmLauncherAndThreadStart() {
        checkMixedStack(ForkedJvm.run(MixedStackProgram.class, WITH_FRAME_POINTERS, "compiled"));
    }

    @Test
    void withoutFramePointersAForkedJvmShowsAllJavaFramesAndNoGuess() {
        ForkedJvm.Result result = ForkedJvm.run(MixedStackProgram.class, WITHOUT_FRAME_POINTERS, "compiled");
        assertEquals(0, result.exitCode, result::toString);
        List<String[]> frames = fields(result, "FRAME");
        assertEquals(javaFrames(frames), fields(result, "EXPECTED").stream()
                .map(e -> String.join("\t", e[1], e[2], e[3], e[4])).collect(Collectors.toList()));
        String[] last = frames.get(frames.size() - 1);
        assertEquals("UNSEEN", last[1]);
        assertTrue(frames.stream().noneMatch(f -> f[1].equals("NATIVE")), result::toString);
        assertTrue(result.stdout.contains("run the JVM with -XX:+PreserveFramePointer"), result::toString);
    }

    @Test
    void aCallbackFromLibcShowsTheLibcFramesBetweenTheTwoJavaSections() {
        ForkedJvm.Result result = ForkedJvm.run(QsortCallbackProgram.class, WITH_FRAME_POINTERS);
        assertEquals(0, result.exitCode, result::toString);
        List<String> lines = result.lines().stream().map(String::strip).collect(Collectors.toList());

        int comparator = indexOf(lines, l -> l.startsWith(QsortCallbackProgram.class.getName() + ".compareNumbers("));
        int libc = indexOf(lines, l -> l.endsWith("[libc.so.6]") && (l.contains("qsort") || l.contains("msort")));
        int caller = indexOf(lines, l -> l.startsWith(QsortCallbackProgram.class.getName() + ".sortNumbers("));
        int main = indexOf(lines, l -> l.startsWith(QsortCallbackProgram.class.getName() + ".main("));
        assertTrue(comparator > 0 && comparator < libc && libc < caller && caller < main, result::toString);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("(")), "nothing unseen:\n" + result);
    }

    private static void checkMixedStack(ForkedJvm.Result result) {
        assertEquals(0, result.exitCode, result::toString);
        List<String[]> frames = fields(result, "FRAME");
        assertEquals(javaFrames(frames), fields(result, "EXPECTED").stream()
                .map(e -> String.join("\t", e[1], e[2], e[3], e[4])).collect(Collectors.toList()),
                "Java frames equal Thread.getStackTrace():\n" + result);
        assertEquals("target", frames.get(0)[7], result::toString);
        assertEquals("middle", frames.get(1)[7], result::toString);
        assertEquals("main", frames.get(2)[7], result::toString);
        assertTrue(frames.stream().noneMatch(f -> f[1].equals("UNSEEN")), result::toString);

        List<String[]> natives = frames.subList(3, frames.size());
        assertTrue(natives.stream().allMatch(f -> f[1].equals("NATIVE")), result::toString);
        assertHas(natives, "JavaCalls::call_helper", "libjvm.so", result);
        assertHas(natives, "JavaMain", "libjli.so", result);
        assertHas(natives, "start_thread", "libc.so.6", result);
        String outermost = natives.get(natives.size() - 1)[3];
        assertTrue(outermost.equals("clone3") || outermost.equals("clone") || outermost.equals("__clone"),
                "the walk ends at the thread's start: " + outermost);

        List<long[]> executable = new ArrayList<>();
        Map<String, Long> bases = new HashMap<>();
        for (String[] maps : fields(result, "MAPS")) {
            String[] parts = maps[1].trim().split("\\s+", 6);
            String[] range = parts[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            if (parts[1].charAt(2) == 'x') {
                executable.add(new long[] {start, Long.parseUnsignedLong(range[1], 16)});
            }
            if (parts.length == 6 && Long.parseLong(parts[2], 16) == 0) {
                bases.merge(parts[5], start, Math::min);
            }
        }
        for (String[] f : natives) {
            long address = Long.parseUnsignedLong(f[2], 16);
            assertTrue(executable.stream().anyMatch(r -> Long.compareUnsigned(address, r[0]) >= 0
                    && Long.compareUnsigned(address, r[1]) < 0), "in an executable mapping: " + String.join(" ", f));
        }
        checkSymbolsAgainstNm(natives, bases, result);
    }

    /** Each named symbol starts, per nm, exactly at address − offset − the library's load base. */
    private static void checkSymbolsAgainstNm(List<String[]> natives, Map<String, Long> bases, ForkedJvm.Result result) {
        Map<String, Map<Long, Set<String>>> nmByLibrary = new HashMap<>();
        int checked = 0;
        for (String[] f : natives) {
            String symbol = f[3];
            String library = f[5];
            if (symbol.equals("null") || !library.startsWith("/") || library.endsWith("(deleted)")) {
                continue;
            }
            Map<Long, Set<String>> nm = nmByLibrary.computeIfAbsent(library, BacktraceTest::nmSymbols);
            long start = Long.parseUnsignedLong(f[2], 16) - Long.parseUnsignedLong(f[4], 16) - bases.get(library);
            Set<String> names = nm.getOrDefault(start, Set.of());
            // "f [clone .constprop.1]" is nm -C's "f(args) [clone .constprop.1]" without its parameters
            int clone = symbol.indexOf(" [clone ");
            String name = clone < 0 ? symbol : symbol.substring(0, clone);
            String suffix = clone < 0 ? "" : symbol.substring(clone);
            assertTrue(names.stream().anyMatch(n -> n.startsWith(name) && n.endsWith(suffix)),
                    symbol + " at 0x" + Long.toHexString(start) + " in " + library + ": nm has " + names + "\n" + result);
            checked++;
        }
        assertTrue(checked >= 4, "at least 4 native symbols checked against nm, got " + checked);
    }

    private static Map<Long, Set<String>> nmSymbols(String library) {
        Map<Long, Set<String>> byAddress = new HashMap<>();
        List<String> files = new ArrayList<>(List.of(library));
        Path debug = debugFile(library);
        if (debug != null) {
            files.add(debug.toString());
        }
        for (String file : files) {
            for (String flags : new String[] {"-C", "-DC"}) {
                List<String> lines = Tools.run("nm", "--defined-only", flags, file);
                for (String line : lines) {
                    String[] p = line.split(" ", 3);
                    if (p.length == 3 && !p[0].isEmpty()) {
                        byAddress.computeIfAbsent(Long.parseUnsignedLong(p[0], 16), k -> new HashSet<>()).add(p[2]);
                    }
                }
            }
        }
        return byAddress;
    }

    /** The detached debug file named by the library's build-id, as readelf reports it. */
    private static Path debugFile(String library) {
        for (String line : Tools.run("readelf", "-n", library)) {
            int at = line.indexOf("Build ID: ");
            if (at >= 0) {
                String id = line.substring(at + 10).trim();
                Path file = Path.of("/usr/lib/debug/.build-id", id.substring(0, 2), id.substring(2) + ".debug");
                return Files.exists(file) ? file : null;
            }
        }
        return null;
    }

    private static void assertHas(List<String[]> natives, String symbol, String library, ForkedJvm.Result result) {
        if (natives.stream().noneMatch(f -> f[3].equals(symbol) && f[5].endsWith("/" + library))) {
            fail("no " + symbol + " [" + library + "] frame:\n" + result);
        }
    }

    private static List<String> javaFrames(List<String[]> frames) {
        return frames.stream().filter(f -> f[1].equals("JAVA"))
                .map(f -> String.join("\t", f[6], f[7], f[8], f[9])).collect(Collectors.toList());
    }

    private static List<String[]> fields(ForkedJvm.Result result, String tag) {
        return result.lines().stream().filter(l -> l.startsWith(tag + "\t"))
                .map(l -> l.split("\t", -1)).collect(Collectors.toList());
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> test) {
        for (int i = 0; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
