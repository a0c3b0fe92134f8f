package dev.faultline.agent.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What an attach or a detach did in the target JVM, told back to the command line that sent
 * it. Before {@code agentmain} returns, the agent sets the target's system property
 * {@value #PROPERTY}; {@code VirtualMachine.loadAgent} returns only after {@code agentmain}
 * has, so the command line, still attached, reads it at once with
 * {@code VirtualMachine.getSystemProperties()}. A system property needs no file that both
 * processes see (a JVM in a container has a {@code /tmp} of its own) and no change to the
 * agent's arguments.
 *
 * <p>The value is text: a first line {@code SEQUENCE STATUS}, then one line per fact,
 * {@code TAG text}. The sequence is one more than that of the value before, so the command
 * line tells its own outcome from an earlier attach's (and notices one that ran at the same
 * time). A reader ignores tags it does not know.
 */
public final class AttachOutcome {
    /** The target JVM's system property that holds the latest outcome. */
    public static final String PROPERTY = "faultline.attach.outcome";

    /** The agent started: {@link #METHODS}, {@link #DUMP}, {@link #SINK}, {@link #UNMATCHED} lines. */
    public static final String STARTED = "started";
    /** The agent was already running there and nothing changed: an {@link #OPTIONS} line, its options. */
    public static final String ALREADY_RUNNING = "already-running";
    /** The options were refused ({@code config=} file, sink or report path): {@link #ERROR} lines. */
    public static final String BAD_OPTIONS = "bad-options";
    /** The agent could not start: an {@link #ERROR} line. */
    public static final String FAILED = "failed";
    /** A detach removed the instrumentation. */
    public static final String DETACHED = "detached";
    /** A detach found no running agent (detached already). */
    public static final String NOT_RUNNING = "not-running";

    /** How many methods the agent traces in the classes loaded so far. */
    public static final String METHODS = "methods";
    /** When dumps are printed: {@code entry}, {@code exit}, {@code error}, {@code none}. */
    public static final String DUMP = "dump";
    /** Where dumps go, as a phrase: {@code stderr}, {@code the file PATH}, ... */
    public static final String SINK = "sink";
    /** A {@code trace=} pattern that matches no method of the classes loaded so far. */
    public static final String UNMATCHED = "unmatched";
    /** The options of the agent that runs there. */
    public static final String OPTIONS = "options";
    /** One error message. */
    public static final String ERROR = "error";

    /** The sequence number: one more than the outcome's before it; 0 for no outcome. */
    public final long sequence;
    /** One of the status words above (a newer agent may send another). */
    public final String status;
    private final List<String[]> facts;

    private AttachOutcome(long sequence, String status, List<String[]> facts) {
        this.sequence = sequence;
        this.status = status;
        this.facts = facts;
    }

    /** One fact line for {@link #publish}. */
    static String fact(String tag, Object text) {
        return tag + " " + String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
    }

    /** Sets {@link #PROPERTY} to this outcome, with the next sequence number. Never throws. */
    static synchronized void publish(String status, List<String> facts) {
        try {
            StringBuilder value = new StringBuilder();
            value.append(sequenceOf(System.getProperty(PROPERTY)) + 1).append(' ').append(status);
            for (String fact : facts) {
                value.append('\n').append(fact);
            }
            System.setProperty(PROPERTY, value.toString());
        } catch (RuntimeException e) {
            // a security manager, say: the command line then says that it got no outcome
        }
    }

    /** {@link #publish} with no facts, or with one. */
    static void publish(String status, String... facts) {
        List<String> list = new ArrayList<>();
        for (String fact : facts) {
            list.add(fact);
        }
        publish(status, list);
    }

    /** The sequence number of a {@link #PROPERTY} value; 0 for none or one that is not an outcome. */
    public static long sequenceOf(String value) {
        AttachOutcome outcome = parse(value);
        return outcome == null ? 0 : outcome.sequence;
    }

    /** Reads a {@link #PROPERTY} value; {@code null} for none or one that is not an outcome. */
    public static AttachOutcome parse(String value) {
        if (value == null) {
            return null;
        }
        String[] lines = value.split("\n");
        int space = lines[0].indexOf(' ');
        if (space <= 0) {
            return null;
        }
        long sequence;
        try {
            sequence = Long.parseLong(lines[0].substring(0, space));
        } catch (NumberFormatException e) {
            return null;
        }
        List<String[]> facts = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int gap = lines[i].indexOf(' ');
            facts.add(gap < 0 ? new String[] {lines[i], ""}
                    : new String[] {lines[i].substring(0, gap), lines[i].substring(gap + 1)});
        }
        return sequence > 0 ? new AttachOutcome(sequence, lines[0].substring(space + 1).trim(), facts) : null;
    }

    /** The texts of the facts with this tag, in order. */
    public List<String> all(String tag) {
        List<String> texts = new ArrayList<>();
        for (String[] fact : facts) {
            if (fact[0].equals(tag)) {
                texts.add(fact[1]);
            }
        }
        return texts;
    }

    /** The text of the first fact with this tag, or {@code orElse}. */
    public String first(String tag, String orElse) {
        List<String> texts = all(tag);
        return texts.isEmpty() ? orElse : texts.get(0);
    }
}
