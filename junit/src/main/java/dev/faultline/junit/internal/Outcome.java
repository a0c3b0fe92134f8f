package dev.faultline.junit.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the checks of one test found: limits exceeded, budgets that could not be checked,
 * backtraces to show, figures to report. {@link #finish} publishes the figures and fails
 * the test with one message when anything is wrong.
 */
final class Outcome {
    static final String ENTRY_NOT_CHECKED = "faultline.budget.notChecked";

    private final String test;
    private final UnavailablePolicy policy;
    private final List<String> memoryExceeded = new ArrayList<>();
    private final List<String> methodExceeded = new ArrayList<>();
    private final List<String> unchecked = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final List<String[]> entries = new ArrayList<>();

    Outcome(String test, UnavailablePolicy policy) {
        this.test = test;
        this.policy = policy;
    }

    String test() {
        return test;
    }

    /** A memory budget limit exceeded: {@code minorFaults 4100 > 2048 (test thread)}. */
    void memoryExceeded(String line) {
        memoryExceeded.add(line);
    }

    /** A method budget limit exceeded: {@code com.acme.Store#load majorFaults 3 > 0 (...)}. */
    void methodExceeded(String line) {
        methodExceeded.add(line);
    }

    /** A memory budget's counters cannot be read here; what that does is the configured policy. */
    void memoryUnmeasurable(String why) {
        if (policy == UnavailablePolicy.FAIL) {
            unchecked.add("memory budget of " + test + " cannot be measured here: " + why + " (set the configuration"
                    + " parameter " + UnavailablePolicy.PARAMETER + "=warn to run such tests unchecked)");
        } else {
            notices.add("memory budget of " + test + " not checked: " + why);
        }
    }

    /** A method budget cannot be checked: the test fails when {@code fail}, else a notice says so. */
    void methodUnchecked(String what, String why, boolean fail) {
        if (fail) {
            unchecked.add("method budget " + what + " of " + test + " cannot be checked: " + why);
        } else {
            notices.add("method budget " + what + " of " + test + " not checked: " + why);
        }
    }

    /** Text shown after the exceeded limits when the test fails (a backtrace, a hint). */
    void detail(String text) {
        if (!details.contains(text)) {
            details.add(text);
        }
    }

    /** A figure to publish as a JUnit report entry whatever the outcome. */
    void entry(String key, String value) {
        entries.add(new String[] {key, value});
    }

    /**
     * Publishes the figures and notices and fails the test when a limit is exceeded or a
     * budget that must be checked cannot be.
     */
    void finish(ExtensionContext context) {
        for (String[] entry : entries) {
            context.publishReportEntry(entry[0], entry[1]);
        }
        for (String notice : notices) {
            context.publishReportEntry(ENTRY_NOT_CHECKED, notice);
            System.err.println("faultline: warning: " + notice);
        }
        if (memoryExceeded.isEmpty() && methodExceeded.isEmpty() && unchecked.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        if (!memoryExceeded.isEmpty()) {
            lines.add("memory budget exceeded in " + test + ": " + String.join("; ", memoryExceeded));
        }
        if (!methodExceeded.isEmpty()) {
            lines.add("method budget exceeded in " + test + ": " + String.join("; ", methodExceeded));
        }
        lines.addAll(unchecked);
        if (!memoryExceeded.isEmpty() || !methodExceeded.isEmpty()) {
            lines.addAll(details);
        }
        throw new AssertionError(String.join("\n", lines));
    }
}
