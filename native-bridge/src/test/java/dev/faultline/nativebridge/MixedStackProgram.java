package dev.faultline.nativebridge;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a forked JVM by {@link BacktraceTest}: captures a backtrace at {@code target},
 * called from {@code main} through {@code middle}, and prints it with the ground truth
 * the test checks it against ({@code Thread.getStackTrace()} at the same call site, and
 * the kernel's own {@code /proc/self/maps}).
 *
 * <p>Argument {@code compiled}: call the path 30,000 times first, so that it runs compiled.
 */
public final class MixedStackProgram {
    private static StackTraceElement[] expected;
    private static Backtrace captured;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 && args[0].equals("compiled") ? 30_000 : 1;
        for (int i = 0; i < calls; i++) {
            middle();
        }
        System.out.println("FORMAT");
        System.out.print(captured.format());
        for (Frame frame : captured.frames()) {
            System.out.println("FRAME\t" + frame.kind() + "\t" + Long.toHexString(frame.address()) + "\t"
                    + frame.symbol() + "\t" + Long.toHexString(frame.offset()) + "\t" + frame.library() + "\t"
                    + frame.className() + "\t" + frame.methodName() + "\t" + frame.lineNumber() + "\t"
                    + frame.fileName());
        }
        for (int i = 1; i < expected.length; i++) { // [0] is Thread.getStackTrace itself
            StackTraceElement e = expected[i];
            System.out.println("EXPECTED\t" + e.getClassName() + "\t" + e.getMethodName() + "\t"
                    + e.getLineNumber() + "\t" + e.getFileName());
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            System.out.println("MAPS\t" + line);
        }
    }

    static void middle() {
        target();
    }

    static void target() {
        // both on one line: the same call site
        StackTraceElement[] e = Thread.currentThread().getStackTrace(); Backtrace b = Backtrace.capture();
        expected = e;
        captured = b;
    }
}
