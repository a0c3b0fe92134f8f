package dev.faultline.processor.internal;

import java.util.List;

/**
 * Checks the values written in one {@code @Trace} against what the agent accepts for the
 * same options (see {@code docs/options.md}), one error per bad value.
 */
final class TraceValueChecks {
    /** The dump modes, as the agent's {@code dump} option takes them. */
    static final List<String> DUMP_MODES = List.of("entry", "exit", "error", "none");

    /** The agent's largest {@code depth}. */
    static final int MAX_DEPTH = 1024;

    /** The longest label, in characters (code points). */
    static final int MAX_LABEL = 100;

    private TraceValueChecks() {
    }

    /** Reports each bad value in {@code trace} on {@code where}; true if there was none. */
    static boolean check(TraceValues trace, String where, Diagnostics diagnostics) {
        boolean valid = true;
        Object dump = trace.get("dump");
        if (dump instanceof String && !DUMP_MODES.contains(dump)) {
            diagnostics.error(trace, "dump", "@Trace(dump = \"" + dump + "\") on " + where + ": unknown dump mode \""
                    + dump + "\" (accepted: " + String.join(", ", DUMP_MODES)
                    + "); write one of these, or leave dump out to use the agent's dump option");
            valid = false;
        }
        Object depth = trace.get("depth");
        if (depth instanceof Integer && ((Integer) depth < 1 || (Integer) depth > MAX_DEPTH)) {
            diagnostics.error(trace, "depth", "@Trace(depth = " + depth + ") on " + where
                    + ": depth is the most frames a dump shows and must be between 1 and " + MAX_DEPTH
                    + "; write a value in that range, or leave depth out to use the agent's depth option");
            valid = false;
        }
        Object every = trace.get("every");
        if (every instanceof Integer && (Integer) every < 1) {
            diagnostics.error(trace, "every", "@Trace(every = " + every + ") on " + where
                    + ": every must be at least 1 (every = N follows every N-th call, 1 each call);"
                    + " write 1 or more, or leave every out to use the agent's every option");
            valid = false;
        }
        Object label = trace.get("label");
        if (label instanceof String) {
            valid &= checkLabel(trace, (String) label, where, diagnostics);
        }
        return valid;
    }

    private static boolean checkLabel(TraceValues trace, String label, String where, Diagnostics diagnostics) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            String what = c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029' ? "a line break"
                    : c == '\t' ? "a tab"
                    : Character.isISOControl(c) ? "a control character"
                    : null;
            if (what != null) {
                diagnostics.error(trace, "label", "@Trace(label) on " + where + ": the label holds " + what
                        + String.format(" (U+%04X at index %d)", (int) c, i)
                        + "; a label is shown on one line of the dump's header: remove line breaks, tabs and"
                        + " other control characters");
                return false;
            }
        }
        int length = label.codePointCount(0, label.length());
        if (length > MAX_LABEL) {
            diagnostics.error(trace, "label", "@Trace(label) on " + where + ": the label is " + length
                    + " characters long, and at most " + MAX_LABEL + " are accepted; shorten it");
            return false;
        }
        return true;
    }
}
