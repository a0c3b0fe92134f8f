package dev.faultline.agent.internal.options;

import java.util.Objects;

/**
 * The options one traced method sets for itself (from {@code @Trace} or the processor's
 * index), each {@code null} where the agent's option applies. Immutable.
 */
public final class MethodOptions {
    /** Sets nothing: every option is the agent's. */
    public static final MethodOptions NONE = new MethodOptions(null, null, null, null, null, null);

    public final DumpMode dump;
    public final Integer depth;
    public final Boolean nativeFrames;
    public final Integer every;
    public final Boolean memory;
    public final String label;

    public MethodOptions(DumpMode dump, Integer depth, Boolean nativeFrames, Integer every, Boolean memory,
                         String label) {
        this.dump = dump;
        this.depth = depth;
        this.nativeFrames = nativeFrames;
        this.every = every;
        this.memory = memory;
        this.label = label;
    }

    /** These options where set, else {@code fallback}'s (a method's {@code @Trace} over its type's). */
    public MethodOptions over(MethodOptions fallback) {
        return new MethodOptions(dump != null ? dump : fallback.dump, depth != null ? depth : fallback.depth,
                nativeFrames != null ? nativeFrames : fallback.nativeFrames, every != null ? every : fallback.every,
                memory != null ? memory : fallback.memory, label != null ? label : fallback.label);
    }

    /** Whether this sets nothing. */
    public boolean isEmpty() {
        return dump == null && depth == null && nativeFrames == null && every == null && memory == null
                && label == null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MethodOptions)) {
            return false;
        }
        MethodOptions other = (MethodOptions) o;
        return dump == other.dump && Objects.equals(depth, other.depth)
                && Objects.equals(nativeFrames, other.nativeFrames) && Objects.equals(every, other.every)
                && Objects.equals(memory, other.memory) && Objects.equals(label, other.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dump, depth, nativeFrames, every, memory, label);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "dump", dump == null ? null : dump.optionValue());
        append(sb, "depth", depth);
        append(sb, "native", nativeFrames);
        append(sb, "every", every);
        append(sb, "memory", memory);
        append(sb, "label", label);
        return sb.length() == 0 ? "(agent options)" : sb.toString();
    }

    private static void append(StringBuilder sb, String key, Object value) {
        if (value != null) {
            sb.append(sb.length() == 0 ? "" : ",").append(key).append('=').append(value);
        }
    }
}
