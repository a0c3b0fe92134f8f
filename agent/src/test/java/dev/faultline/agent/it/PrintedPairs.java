package dev.faultline.agent.it;

import java.util.HashMap;
import java.util.Map;

/** Reads the {@code PREFIX key=value; key=value; ...} lines that the mapping test applications print. */
final class PrintedPairs {
    private PrintedPairs() {
    }

    /** The pairs of the first stdout line of {@code run} that starts with {@code prefix}. */
    static Map<String, String> of(AgentJvm.Result run, String prefix) {
        for (String line : run.stdout.split("\\R")) {
            if (line.startsWith(prefix)) {
                Map<String, String> pairs = new HashMap<>();
                for (String pair : line.substring(prefix.length()).split("; ")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                return pairs;
            }
        }
        throw new AssertionError("no line " + prefix + "\n" + run);
    }
}
