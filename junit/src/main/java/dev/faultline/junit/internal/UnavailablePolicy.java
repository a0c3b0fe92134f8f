package dev.faultline.junit.internal;

import java.util.Locale;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a memory budget does where its counters cannot be read: the configuration
 * parameter {@value #PARAMETER} ({@code -D} on the test JVM or
 * {@code junit-platform.properties}), {@code fail} by default.
 */
enum UnavailablePolicy {
    /** The test fails, saying what cannot be measured and why. */
    FAIL,
    /** The test's own outcome stands; a report entry and a line on stderr say the budget was not checked. */
    WARN;

    static final String PARAMETER = "faultline.budgets.unavailable";

    static UnavailablePolicy of(ExtensionContext context) {
        String value = context.getConfigurationParameter(PARAMETER).orElse("fail").strip();
        switch (value.toLowerCase(Locale.ROOT)) {
            case "fail":
                return FAIL;
            case "warn":
                return WARN;
            default:
                throw new ExtensionConfigurationException(
                        "bad value '" + value + "' for " + PARAMETER + " (accepted: fail, warn)");
        }
    }
}
