package dev.faultline.processor.internal;

/**
 * Writes the OPTIONS field of a trace-index line: the effective values that differ from
 * "the agent's option", as {@code key=value} pairs separated by commas, in the fixed order
 * {@code dump, depth, native, every, memory, label}.
 *
 * <p>A toggle written as {@code DEFAULT} and a label written as {@code ""} mean "the
 * agent's option" and "no label"; they still override the type's value (that is how a
 * method says "not the type's"), so they reach this class and are left out here.
 */
final class OptionsField {
    private static final String HEX = "0123456789ABCDEF";

    private OptionsField() {
    }

    /** The OPTIONS field for {@code values} (already merged over the type's). */
    static String format(TraceValues values) {
        StringBuilder out = new StringBuilder();
        Object dump = values.get("dump");
        if (dump instanceof String && !((String) dump).isEmpty()) {
            append(out, "dump", (String) dump);
        }
        if (values.get("depth") != null) {
            append(out, "depth", values.get("depth").toString());
        }
        toggle(out, "native", values.get("nativeFrames"));
        if (values.get("every") != null) {
            append(out, "every", values.get("every").toString());
        }
        toggle(out, "memory", values.get("memory"));
        Object label = values.get("label");
        if (label instanceof String && !((String) label).isEmpty()) {
            append(out, "label", encode((String) label));
        }
        return out.toString();
    }

    private static void toggle(StringBuilder out, String key, Object value) {
        if ("ON".equals(value)) {
            append(out, key, "true");
        } else if ("OFF".equals(value)) {
            append(out, key, "false");
        }
    }

    private static void append(StringBuilder out, String key, String value) {
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(key).append('=').append(value);
    }

    /**
     * Percent-encodes the characters that would break the line's syntax: {@code %},
     * {@code ,}, {@code =} and every character below U+0020 (tab, CR and LF among them),
     * as {@code %XX} with upper-case hex digits of their UTF-8 byte. Everything else is
     * written as it is (the file is UTF-8).
     */
    static String encode(String label) {
        StringBuilder out = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '%' || c == ',' || c == '=' || c < 0x20) {
                // all of these are ASCII: their UTF-8 encoding is the one byte c
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
