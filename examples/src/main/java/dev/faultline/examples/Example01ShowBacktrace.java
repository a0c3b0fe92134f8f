package dev.faultline.examples;

import dev.faultline.annotation.Trace;

import java.util.Arrays;

/**
 * Example 01: a {@code show_backtrace}-style dump from {@code @Trace}.
 *
 * <p>{@link Shelf#find} calls {@link Box#open}, which carries {@code @Trace}. Run under the
 * agent, each call of {@code open} prints a dump: the Java frames first, innermost at the
 * top, then, below {@code main}, the native frames that started the JVM's main thread
 * ({@code JavaCalls::call_helper} in {@code libjvm.so}, {@code JavaMain} in
 * {@code libjli.so}, {@code start_thread} in {@code libc.so.6}). To compare, {@code open}
 * prints what Java itself can see of the same stack: it ends at {@code main}.
 *
 * <p>Without {@code -XX:+PreserveFramePointer} the native walk cannot get through compiled
 * Java code, so the dump ends in a line saying the frames below are not visible.
 */
public final class Example01ShowBacktrace {
    /** What Java's own stack trace lines start with in this example's output. */
    static final String JAVA_SEES = "java sees: ";

    private Example01ShowBacktrace() {
    }

    public static void main(String[] args) {
        System.out.println("Calling Shelf.find, which calls Box.open (@Trace); the agent prints its dump on stderr"
                + " as Box.open begins:");
        String found = new Shelf().find("blue");
        System.out.println("found: " + found);
        System.out.println("What Java itself sees of the same stack (Thread.getStackTrace), innermost first:");
        for (StackTraceElement frame : Box.stackSeenByJava) {
            System.out.println(JAVA_SEES + frame);
        }
        System.out.println("Java's view ends at main; the dump goes on below it, into the JVM and libc.");
    }

    /** The caller, so the dump has a frame between the traced method and main. */
    static final class Shelf {
        String find(String colour) {
            return Box.open(colour);
        }
    }

    /** The traced method. */
    static final class Box {
        /** The stack as {@link #open} saw it through {@code Thread.getStackTrace}, less getStackTrace's own frame. */
        static StackTraceElement[] stackSeenByJava = new StackTraceElement[0];

        private Box() {
        }

        @Trace
        static String open(String colour) {
            StackTraceElement[] stack = Thread.currentThread().getStackTrace();
            stackSeenByJava = Arrays.copyOfRange(stack, 1, stack.length);
            return "a " + colour + " box";
        }
    }

    /*
     * How to run
     *
     *   ./faultline example 01
     *
     * or, from the repository root after `mvn -B -DskipTests package`:
     *
     *   java -XX:+PreserveFramePointer \
     *        -javaagent:agent/target/faultline-agent.jar=sink=stderr \
     *        -cp 'examples/target/faultline-examples.jar:examples/target/lib/*' \
     *        dev.faultline.examples.Example01ShowBacktrace
     *
     * Then run it again without -XX:+PreserveFramePointer: the dump stops at main with
     * "(native frames below not visible: ...)". With dump=exit in the agent's options the
     * dump's first line also carries what the call cost its thread (time, page faults,
     * RSS change, CPU time).
     */
}
