package dev.faultline.nativebridge.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The address ranges of the JVM's code cache (interpreter, stubs, compiled methods): an
 * instruction pointer inside them is Java territory, outside them native code.
 *
 * <p>The bounds are the reserved ranges that the {@code compilerCodecache} diagnostic
 * command prints; they are fixed at start-up, so they are read once. Where the command
 * is not there (a JVM other than HotSpot), the bounds are unknown and native frames
 * cannot be merged with Java frames.
 */
public final class CodeCache {
    private static final Pattern BOUNDS =
            Pattern.compile("bounds \\[0x([0-9a-fA-F]+), 0x([0-9a-fA-F]+), 0x([0-9a-fA-F]+)\\]");

    private final long[] starts;
    private final long[] ends;
    private final String problem;

    private CodeCache(long[] starts, long[] ends, String problem) {
        this.starts = starts;
        this.ends = ends;
        this.problem = problem;
    }

    private static final class Holder {
        static final CodeCache INSTANCE = read();
    }

    /** The code cache of this JVM. */
    public static CodeCache get() {
        return Holder.INSTANCE;
    }

    /** Whether {@code address} lies in the code cache. */
    public boolean contains(long address) {
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(address, starts[i]) >= 0 && Long.compareUnsigned(address, ends[i]) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the bounds are known. */
    public boolean known() {
        return problem == null;
    }

    /** Why the bounds are unknown, or {@code null}. */
    public String problem() {
        return problem;
    }

    /** Parses the output of {@code compilerCodecache}; package-private for tests. */
    static CodeCache parse(String text) {
        List<long[]> ranges = new ArrayList<>();
        Matcher m = BOUNDS.matcher(text);
        while (m.find()) {
            ranges.add(new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(3), 16)});
        }
        if (ranges.isEmpty()) {
            return new CodeCache(new long[0], new long[0], "no code heap bounds in compilerCodecache output");
        }
        long[] starts = new long[ranges.size()];
        long[] ends = new long[ranges.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = ranges.get(i)[0];
            ends[i] = ranges.get(i)[1];
        }
        return new CodeCache(starts, ends, null);
    }

    private static CodeCache read() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodecache",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return parse(String.valueOf(out));
        } catch (Exception | LinkageError e) {
            return new CodeCache(new long[0], new long[0], "code cache bounds unknown: " + e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CodeCache[");
        for (int i = 0; i < starts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(starts[i]))
                    .append("-0x").append(Long.toHexString(ends[i]));
        }
        return sb.append(problem == null ? "]" : problem + "]").toString();
    }
}
