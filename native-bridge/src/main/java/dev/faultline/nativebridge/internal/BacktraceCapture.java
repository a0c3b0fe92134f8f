package dev.faultline.nativebridge.internal;

import dev.faultline.nativebridge.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Captures the calling thread's stack as one list of Java and native frames in their true
 * order.
 *
 * <p>Two walks are taken in the same method: the Java frames ({@link Throwable}'s stack
 * trace, which shows what {@link Thread#getStackTrace()} shows) and the instruction
 * pointers ({@code unw_backtrace}, one native call). Instruction pointers inside the code
 * cache are Java territory; the others are native frames. Compiled frames hold inlined
 * methods, so code-cache frames are never matched one-to-one to Java frames: instead the
 * runs of code-cache frames are matched to the sections of the Java stack that native
 * code separates (a section ends where a {@code native} method was called, or below a
 * {@code <clinit>}, which only the VM calls). When the counts agree, the native runs go
 * between the sections. When they do not, or when the walk cannot be trusted (no
 * {@code -XX:+PreserveFramePointer}, an address outside executable memory, a stack deeper
 * than the buffer), the Java frames are shown whole, followed by one
 * {@link Frame.Kind#UNSEEN} frame that says what is missing and why. Nothing is guessed.
 */
public final class BacktraceCapture {
    private static final String BRIDGE_INTERNAL = "dev.faultline.nativebridge.internal.";
    private static final String BRIDGE_BACKTRACE = "dev.faultline.nativebridge.Backtrace";
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final String PFP_OFF =
            "native frames below not visible: run the JVM with -XX:+PreserveFramePointer to see them";

    private static final ThreadLocal<long[]> ADDRESSES = new ThreadLocal<>() {
        @Override
        protected long[] initialValue() {
            return new long[NativeWalk.CAPACITY];
        }
    };

    /** The outcome of a capture: the frames (at most the limit) and how many were cut. */
    public static final class Result {
        public final List<Frame> frames;
        public final int omitted;

        Result(List<Frame> frames, int omitted) {
            this.frames = frames;
            this.omitted = omitted;
        }
    }

    private BacktraceCapture() {
    }

    /**
     * Captures the calling thread's stack, leaving out the innermost frames whose class
     * belongs to the bridge or starts with one of {@code ownPrefixes} (a caller's own
     * tracing frames).
     */
    public static Result capture(int maxFrames, String[] ownPrefixes) {
        return capture(maxFrames, ownPrefixes, true);
    }

    /** As {@link #capture(int, String[])}; {@code nativeFrames == false} takes the Java frames only, with no line about native ones. */
    public static Result capture(int maxFrames, String[] ownPrefixes, boolean nativeFrames) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be >= 1: " + maxFrames);
        }
        String problem = nativeFrames ? nativeProblem() : null;
        StackTraceElement[] java = new Throwable().getStackTrace();
        long[] ips = null;
        int count = 0;
        if (nativeFrames && problem == null) {
            ips = ADDRESSES.get();
            count = NativeWalk.walk(ips);
        }
        int first = 0;
        while (first < java.length && isOwn(java[first].getClassName(), ownPrefixes)) {
            first++;
        }
        List<Frame> frames = nativeFrames ? merge(java, first, problem, ips, count) : javaOnly(java, first);
        if (frames.size() <= maxFrames) {
            return new Result(frames, 0);
        }
        return new Result(new ArrayList<>(frames.subList(0, maxFrames)), frames.size() - maxFrames);
    }

    private static List<Frame> merge(StackTraceElement[] java, int first, String problem, long[] ips, int count) {
        List<Frame> out = new ArrayList<>(java.length - first + 16);
        if (problem != null) {
            return javaThenUnseen(out, java, first, problem, null);
        }
        CodeCache codeCache = CodeCache.get();
        NativeSymbolizer symbolizer = NativeSymbolizer.get();

        // Native runs between code-cache runs, innermost first. The frames before the
        // first code-cache frame are the capture's own (JNR stub, jffi) and are dropped.
        List<List<Frame>> gaps = new ArrayList<>();
        List<Frame> current = null;
        int codeRuns = 0;
        boolean inCode = false;
        String walkProblem = count >= NativeWalk.CAPACITY
                ? "native frames below not captured: the stack is deeper than " + NativeWalk.CAPACITY + " frames"
                : null;
        for (int i = 0; i < count && walkProblem == null; i++) {
            long ip = ips[i];
            if (codeCache.contains(ip)) {
                if (!inCode) {
                    codeRuns++;
                    inCode = true;
                    current = null;
                }
                continue;
            }
            Frame frame = symbolizer.resolve(ip);
            if (frame == null) {
                walkProblem = "native frames below not shown: the native walk reached 0x" + Long.toHexString(ip)
                        + ", outside executable memory";
                break;
            }
            if (codeRuns == 0) {
                continue;
            }
            if (inCode) {
                inCode = false;
                current = new ArrayList<>();
                gaps.add(current);
            }
            current.add(frame);
        }
        if (walkProblem == null && (codeRuns == 0 || inCode)) {
            walkProblem = "native frames below not shown: the native walk ended inside Java code";
        }
        if (walkProblem != null) {
            return javaThenUnseen(out, java, first, walkProblem, null);
        }
        List<Frame> tail = gaps.remove(gaps.size() - 1);
        int sections = 1;
        for (int i = first + 1; i < java.length; i++) {
            if (sectionStartsAt(java, i)) {
                sections++;
            }
        }
        if (sections != codeRuns) {
            return javaThenUnseen(out, java, first, "native frames between Java frames not shown: "
                    + codeRuns + " runs of Java code on the native stack, " + sections
                    + " sections on the Java stack", tail);
        }
        int gap = 0;
        for (int i = first; i < java.length; i++) {
            if (i > first && sectionStartsAt(java, i)) {
                out.addAll(gaps.get(gap++));
            }
            out.add(Frame.ofJava(java[i]));
        }
        out.addAll(tail);
        return out;
    }

    private static List<Frame> javaOnly(StackTraceElement[] java, int first) {
        List<Frame> out = new ArrayList<>(java.length - first);
        for (int i = first; i < java.length; i++) {
            out.add(Frame.ofJava(java[i]));
        }
        return out;
    }

    /** Native code lies between frame {@code i - 1} and frame {@code i}. */
    private static boolean sectionStartsAt(StackTraceElement[] java, int i) {
        return java[i].isNativeMethod() || "<clinit>".equals(java[i - 1].getMethodName());
    }

    private static List<Frame> javaThenUnseen(List<Frame> out, StackTraceElement[] java, int first, String why,
                                              List<Frame> tail) {
        for (int i = first; i < java.length; i++) {
            out.add(Frame.ofJava(java[i]));
        }
        out.add(Frame.unseen(why));
        if (tail != null) {
            out.addAll(tail);
        }
        return out;
    }

    /** Why native frames cannot be merged at all, or {@code null} when they can. */
    private static String nativeProblem() {
        if (Boolean.FALSE.equals(JvmFlags.preserveFramePointer())) {
            // said first, and without loading libunwind: nothing below compiled Java code is walkable anyway
            return PFP_OFF;
        }
        String problem = Natives.libunwind().problem();
        if (problem != null) {
            if (WARNED.compareAndSet(false, true)) {
                System.err.println("faultline: native frames disabled: " + problem);
            }
            return "native frames not shown: " + problem;
        }
        CodeCache codeCache = CodeCache.get();
        if (!codeCache.known()) {
            return "native frames not shown: " + codeCache.problem();
        }
        if (!Boolean.TRUE.equals(JvmFlags.preserveFramePointer())) {
            return PFP_OFF;
        }
        return null;
    }

    private static boolean isOwn(String className, String[] ownPrefixes) {
        if (className.startsWith(BRIDGE_INTERNAL) || className.equals(BRIDGE_BACKTRACE)) {
            return true;
        }
        for (String prefix : ownPrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
