package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.BacktraceCapture;

import java.util.Collections;
import java.util.List;

/**
 * The calling thread's stack, Java and native frames merged in their true order.
 *
 * <p>Public API. {@link #capture()} records the stack from the caller of {@code capture}
 * down to the thread's start: Java frames as {@link Thread#getStackTrace()} shows them,
 * and, where libunwind is loaded and the JVM runs with {@code -XX:+PreserveFramePointer},
 * the native frames between and below them ({@code JavaCalls::call_helper [libjvm.so]},
 * {@code start_thread [libc.so.6]}, a C library calling back into Java). Where native
 * frames cannot be seen, a {@link Frame.Kind#UNSEEN} frame says so and why; frames are
 * never guessed. The bridge's own frames (its methods, the JNR stub, libunwind) are never
 * included.
 *
 * <p>{@link #format()} prints the dump in libunwind's {@code show_backtrace} style:
 * <pre>
 * -------------------- Start trace --------------------
 * com.acme.Store.load(Store.java:42)
 *   com.acme.Main.main(Main.java:10)
 *     JavaMain+0x3f4 [libjli.so]
 *       start_thread+0x2a7 [libc.so.6]
 * --------------------- End trace ---------------------
 * </pre>
 */
public final class Backtrace {
    /** The first line of a dump. */
    public static final String START_LINE = "-------------------- Start trace --------------------";
    /** The last line of a dump. */
    public static final String END_LINE = "--------------------- End trace ---------------------";

    private final List<Frame> frames;
    private final int omitted;

    private Backtrace(List<Frame> frames, int omitted) {
        this.frames = Collections.unmodifiableList(frames);
        this.omitted = omitted;
    }

    private static final String[] NO_PREFIXES = new String[0];

    /** Captures the calling thread's whole stack. */
    public static Backtrace capture() {
        BacktraceCapture.Result result = BacktraceCapture.capture(Integer.MAX_VALUE, NO_PREFIXES);
        return new Backtrace(result.frames, result.omitted);
    }

    /** Captures the innermost {@code maxFrames} frames of the calling thread's stack. */
    public static Backtrace capture(int maxFrames) {
        BacktraceCapture.Result result = BacktraceCapture.capture(maxFrames, NO_PREFIXES);
        return new Backtrace(result.frames, result.omitted);
    }

    /**
     * Captures the calling thread's stack, also leaving out the innermost frames whose class
     * name starts with one of {@code ownPrefixes} (for a tracer that calls this from its own
     * code and shows only the application's frames).
     */
    public static Backtrace capture(int maxFrames, String... ownPrefixes) {
        BacktraceCapture.Result result = BacktraceCapture.capture(maxFrames, ownPrefixes.clone());
        return new Backtrace(result.frames, result.omitted);
    }

    /**
     * Captures the Java frames only (no native walk, no line about native frames), leaving
     * out the innermost frames whose class name starts with one of {@code ownPrefixes}.
     */
    public static Backtrace captureJavaOnly(int maxFrames, String... ownPrefixes) {
        BacktraceCapture.Result result = BacktraceCapture.capture(maxFrames, ownPrefixes.clone(), false);
        return new Backtrace(result.frames, result.omitted);
    }

    /** The frames, innermost first. */
    public List<Frame> frames() {
        return frames;
    }

    /** How many outer frames the frame limit left out. */
    public int omittedFrames() {
        return omitted;
    }

    /** Whether native frames are merged in: no {@link Frame.Kind#UNSEEN} frame. */
    public boolean complete() {
        for (Frame frame : frames) {
            if (frame.kind() == Frame.Kind.UNSEEN) {
                return false;
            }
        }
        return true;
    }

    /** The dump in show_backtrace format, ending with a line separator. */
    public String format() {
        return format("");
    }

    /**
     * The dump with {@code firstLineSuffix} appended to the innermost frame's line (a
     * tracer's header, e.g. {@code "  [thread main, entry]"}).
     */
    public String format(String firstLineSuffix) {
        StringBuilder sb = new StringBuilder(64 * (frames.size() + 3));
        formatTo(sb, firstLineSuffix);
        return sb.toString();
    }

    /** Appends the dump to {@code sb}; see {@link #format(String)}. */
    public void formatTo(StringBuilder sb, String firstLineSuffix) {
        String nl = System.lineSeparator();
        sb.append(START_LINE).append(nl);
        int depth = 0;
        for (Frame frame : frames) {
            indent(sb, depth++);
            sb.append(frame);
            if (depth == 1) {
                sb.append(firstLineSuffix);
            }
            sb.append(nl);
        }
        if (omitted > 0) {
            indent(sb, depth);
            sb.append("(").append(omitted).append(omitted == 1 ? " more frame)" : " more frames)").append(nl);
        }
        sb.append(END_LINE).append(nl);
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    @Override
    public String toString() {
        return format();
    }
}
