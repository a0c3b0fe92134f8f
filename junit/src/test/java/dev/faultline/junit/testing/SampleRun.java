package dev.faultline.junit.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a sample test class on the Jupiter engine (JUnit's EngineTestKit) and tells, per
 * test method, whether it passed, its failure and the report entries it published.
 */
public final class SampleRun {
    private final Class<?> sample;
    private final List<Outcome> outcomes;

    private SampleRun(Class<?> sample, List<Outcome> outcomes) {
        this.sample = sample;
        this.outcomes = outcomes;
    }

    /** Runs every test of {@code sample}; {@code parameters} are configuration parameters as key, value, key, value. */
    public static SampleRun of(Class<?> sample, String... parameters) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample));
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            builder.configurationParameter(parameters[i], parameters[i + 1]);
        }
        EngineExecutionResults results = builder.execute();
        List<Event> entries = results.allEvents().reportingEntryPublished().list();
        List<Outcome> outcomes = new ArrayList<>();
        // tests, and the containers that methods make (a @TestFactory, a @RepeatedTest): not classes
        for (Event finished : results.allEvents().finished().list()) {
            TestDescriptor test = finished.getTestDescriptor();
            if (test.getSource().filter(MethodSource.class::isInstance).isEmpty()) {
                continue;
            }
            List<ReportEntry> published = new ArrayList<>();
            for (Event entry : entries) {
                if (entry.getTestDescriptor().getUniqueId().equals(test.getUniqueId())) {
                    entry.getPayload(ReportEntry.class).ifPresent(published::add);
                }
            }
            outcomes.add(new Outcome(method(test), test.getDisplayName(), test.isContainer(),
                    finished.getRequiredPayload(TestExecutionResult.class), published));
        }
        return new SampleRun(sample, outcomes);
    }

    /** The one run of test method {@code method}. */
    public Outcome test(String method) {
        List<Outcome> found = tests(method);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " runs of " + sample.getSimpleName() + "." + method + " in " + this);
        }
        return found.get(0);
    }

    /** Every run of test method {@code method} (more than one for a repeated test), not its container. */
    public List<Outcome> tests(String method) {
        return outcomes.stream().filter(o -> o.method.equals(method) && !o.container).collect(Collectors.toList());
    }

    /** Every run of a test method and every container a method makes, in the order they finished. */
    public List<Outcome> all() {
        return List.copyOf(outcomes);
    }

    /** The container that test method {@code method} makes (a {@code @TestFactory}, a {@code @RepeatedTest}). */
    public Outcome container(String method) {
        return outcomes.stream().filter(o -> o.method.equals(method) && o.container).findFirst()
                .orElseThrow(() -> new AssertionError("no container of " + method + " in " + this));
    }

    @Override
    public String toString() {
        return outcomes.toString();
    }

    private static String method(TestDescriptor test) {
        return ((MethodSource) test.getSource().orElseThrow()).getMethodName();
    }

    /** How one test ended. */
    public static final class Outcome {
        public final String method;
        public final String displayName;
        public final boolean container;
        private final TestExecutionResult result;
        private final List<ReportEntry> entries;

        Outcome(String method, String displayName, boolean container, TestExecutionResult result,
                List<ReportEntry> entries) {
            this.method = method;
            this.displayName = displayName;
            this.container = container;
            this.result = result;
            this.entries = entries;
        }

        public boolean passed() {
            return result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        }

        /** The failure, or an AssertionError when the test passed. */
        public Throwable failure() {
            return result.getThrowable().orElseThrow(() -> new AssertionError(method + " passed"));
        }

        /** The failure's message; an AssertionError when the test passed. */
        public String message() {
            return failure().getMessage();
        }

        /** The values published under {@code key}, in order. */
        public List<String> entries(String key) {
            List<String> values = new ArrayList<>();
            for (ReportEntry entry : entries) {
                for (Map.Entry<String, String> e : entry.getKeyValuePairs().entrySet()) {
                    if (e.getKey().equals(key)) {
                        values.add(e.getValue());
                    }
                }
            }
            return values;
        }

        /** Every report entry's keys. */
        public List<String> entryKeys() {
            List<String> keys = new ArrayList<>();
            for (ReportEntry entry : entries) {
                keys.addAll(entry.getKeyValuePairs().keySet());
            }
            return keys;
        }

        @Override
        public String toString() {
            return displayName + (passed() ? " passed" : " " + result.getStatus() + ": "
                    + result.getThrowable().map(Throwable::toString).orElse("")) + " " + entries;
        }
    }
}
