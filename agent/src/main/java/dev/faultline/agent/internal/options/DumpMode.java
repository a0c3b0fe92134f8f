package dev.faultline.agent.internal.options;

import java.util.Locale;

/** When a traced call prints a dump. */
public enum DumpMode {
    /** On entry to the method. */
    ENTRY,
    /** On return or throw, with the call's deltas. */
    EXIT,
    /** Only when the method throws. */
    ERROR,
    /** Never: calls are still counted and measured. */
    NONE;

    /** The option's spelling: {@code entry}, {@code exit}, {@code error}, {@code none}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option value; {@code null} when it is not one. */
    public static DumpMode parse(String value) {
        for (DumpMode mode : values()) {
            if (mode.optionValue().equals(value)) {
                return mode;
            }
        }
        return null;
    }
}
