package dev.faultline.agent.internal.options;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Parses {@code -javaagent:faultline-agent.jar=OPT,OPT,...} (each {@code key=value};
 * {@code config=PATH} reads the same keys from a properties file, the command line
 * winning) into {@link AgentOptions}, collecting one clear message per bad option.
 */
public final class OptionsParser {
    /** Every option key, in the order the docs list them. */
    public static final List<String> KEYS = List.of("trace", "dump", "native", "depth", "every", "max-per-second",
            "sink", "jfr", "memory", "sched", "report", "period", "oom-warn", "config");

    private static final int MAX_DEPTH = 1024;

    /** The outcome: options when there were no errors, and the errors. */
    public static final class Result {
        public final AgentOptions options;
        public final List<String> errors;

        Result(AgentOptions options, List<String> errors) {
            this.options = options;
            this.errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final List<String> errors = new ArrayList<>();
    private final List<MethodPattern> traces = new ArrayList<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    private OptionsParser() {
    }

    /** Parses an agent argument string; {@code null} or empty gives the defaults. */
    public static Result parse(String arguments) {
        OptionsParser parser = new OptionsParser();
        return parser.run(arguments == null ? "" : arguments.trim());
    }

    private Result run(String arguments) {
        List<String[]> pairs = new ArrayList<>();
        if (!arguments.isEmpty()) {
            for (String option : arguments.split(",")) {
                String text = option.trim();
                if (text.isEmpty()) {
                    continue;
                }
                int eq = text.indexOf('=');
                if (eq <= 0) {
                    errors.add("option '" + text + "' has no value (write key=value, e.g. trace=com.acme.Store#load)");
                    continue;
                }
                pairs.add(new String[] {text.substring(0, eq).trim(), text.substring(eq + 1).trim()});
            }
        }
        for (String[] pair : pairs) {
            if (pair[0].equals("config")) {
                readConfig(pair[1]);
            }
        }
        for (String[] pair : pairs) {
            if (!pair[0].equals("config")) {
                accept(pair[0], pair[1], "");
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(build(), errors);
    }

    private void readConfig(String file) {
        Path path = Path.of(file);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            errors.add("config file '" + file + "' cannot be read: " + (Files.exists(path) ? e.getMessage() : "no such file"));
            return;
        }
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).trim();
            if (key.equals("trace")) {
                for (String pattern : words(value)) {
                    if (!pattern.isEmpty()) {
                        accept(key, pattern, " in " + file);
                    }
                }
            } else if (key.equals("config")) {
                errors.add("option 'config' in " + file + ": a config file cannot name another");
            } else {
                accept(key, value, " in " + file);
            }
        }
    }

    private void accept(String key, String value, String where) {
        if (!KEYS.contains(key)) {
            errors.add("unknown option '" + key + "'" + where + " (known: " + String.join(", ", KEYS) + ")");
            return;
        }
        if (key.equals("trace")) {
            try {
                traces.add(MethodPattern.compile(value));
            } catch (IllegalArgumentException e) {
                errors.add("bad value '" + value + "' for option 'trace'" + where + ": " + e.getMessage());
            }
            return;
        }
        values.put(key, value);
        check(key, value, where);
    }

    private void check(String key, String value, String where) {
        switch (key) {
            case "dump":
                if (DumpMode.parse(value) == null) {
                    bad(key, value, where, "entry, exit, error, none");
                }
                break;
            case "native":
            case "jfr":
            case "memory":
            case "sched":
                if (!value.equals("true") && !value.equals("false")) {
                    bad(key, value, where, "true, false");
                }
                break;
            case "depth":
                integer(key, value, where, 1, MAX_DEPTH);
                break;
            case "every":
                integer(key, value, where, 1, Integer.MAX_VALUE);
                break;
            case "max-per-second":
                integer(key, value, where, 0, Integer.MAX_VALUE);
                break;
            case "sink":
                if (!value.equals("slf4j") && !value.equals("stderr")
                        && !(value.startsWith("file:") && value.length() > 5)) {
                    bad(key, value, where, "slf4j, stderr, file:PATH");
                }
                break;
            case "report":
                String lower = value.toLowerCase(Locale.ROOT);
                if (!lower.endsWith(".md") && !lower.endsWith(".json") && !lower.endsWith(".html")) {
                    bad(key, value, where, "a path ending in .md (Markdown), .json (JSON) or .html (a page with"
                            + " a memory timeline)");
                }
                break;
            case "period":
                if (periodMillis(value) <= 0) {
                    bad(key, value, where, "a positive duration such as 1s, 500ms, 2m");
                }
                break;
            case "oom-warn":
                if (OomWarn.parse(value) == null) {
                    bad(key, value, where, OomWarn.ACCEPTED);
                }
                break;
            default:
                break;
        }
    }

    private void integer(String key, String value, String where, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                bad(key, value, where, max == Integer.MAX_VALUE ? "a whole number >= " + min
                        : "a whole number from " + min + " to " + max);
            }
        } catch (NumberFormatException e) {
            bad(key, value, where, max == Integer.MAX_VALUE ? "a whole number >= " + min
                    : "a whole number from " + min + " to " + max);
        }
    }

    private void bad(String key, String value, String where, String accepted) {
        errors.add("bad value '" + value + "' for option '" + key + "'" + where + " (accepted: " + accepted + ")");
    }

    /**
     * A period, 1 to 9 digits and a unit ({@code ms}, {@code s}, {@code m}), in milliseconds;
     * -1 when the text is not one (9 digits: no overflow). No {@code java.util.regex}: its
     * first use costs the host's start-up tens of classes.
     */
    static long periodMillis(String text) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits < 1 || digits > 9) {
            return -1;
        }
        long n = Long.parseLong(text.substring(0, digits));
        switch (text.substring(digits)) {
            case "ms":
                return n;
            case "s":
                return n * 1000;
            case "m":
                return n * 60_000;
            default:
                return -1;
        }
    }

    /** {@code \s} of a regular expression: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** The words of a config file's {@code trace} value, separated by white space and commas. */
    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= value.length(); i++) {
            boolean separator = i == value.length() || value.charAt(i) == ',' || isWhitespace(value.charAt(i));
            if (separator && start >= 0) {
                words.add(value.substring(start, i));
                start = -1;
            } else if (!separator && start < 0) {
                start = i;
            }
        }
        return words;
    }

    private AgentOptions build() {
        String sink = values.getOrDefault("sink", "slf4j");
        AgentOptions.SinkKind kind = sink.startsWith("file:") ? AgentOptions.SinkKind.FILE
                : sink.equals("stderr") ? AgentOptions.SinkKind.STDERR : AgentOptions.SinkKind.SLF4J;
        return new AgentOptions(traces,
                DumpMode.parse(values.getOrDefault("dump", "entry")),
                values.containsKey("native") ? Boolean.valueOf(values.get("native")) : null,
                Integer.parseInt(values.getOrDefault("depth", "64")),
                Integer.parseInt(values.getOrDefault("every", "1")),
                Integer.parseInt(values.getOrDefault("max-per-second", "50")),
                kind,
                kind == AgentOptions.SinkKind.FILE ? Path.of(sink.substring(5)) : null,
                Boolean.parseBoolean(values.getOrDefault("jfr", "true")),
                Boolean.parseBoolean(values.getOrDefault("memory", "true")),
                Boolean.parseBoolean(values.getOrDefault("sched", "false")),
                values.containsKey("report") ? Path.of(values.get("report")) : null,
                periodMillis(values.getOrDefault("period", "1s")),
                values.containsKey("oom-warn") ? OomWarn.parse(values.get("oom-warn")) : OomWarn.DEFAULT);
    }

    /** For messages: the accepted keys. */
    public static String knownKeys() {
        return String.join(", ", KEYS);
    }

    @Override
    public String toString() {
        return Arrays.toString(errors.toArray());
    }
}
