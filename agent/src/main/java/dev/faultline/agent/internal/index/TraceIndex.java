package dev.faultline.agent.internal.index;

import dev.faultline.agent.internal.options.DumpMode;
import dev.faultline.agent.internal.options.MethodOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace indexes that the {@code @Trace} processor writes
 * ({@value #RESOURCE}, format in {@code docs/trace-annotation.md}), merged over every jar
 * and folder that a class loader sees. Each loader is looked up when its first class
 * loads, so loaders made later (plugins, test frameworks) are covered too. A class from a
 * jar or folder that has an index is matched by the index alone: its bytes are never
 * scanned for {@code @Trace}. An index applies to the classes of its own jar or folder
 * only (as the processor writes it): another copy of a class elsewhere is not bound by it.
 * Indexes appended into one (a shaded jar) are read whole: header lines count as comments.
 */
public final class TraceIndex {
    /** Where the processor writes the index, in each jar or class folder. */
    public static final String RESOURCE = "META-INF/faultline/trace-index";
    /** The first line of an index this agent reads. */
    static final String HEADER = "# faultline trace index 1";
    private static final String HEADER_PREFIX = "# faultline trace index ";

    private final Set<ClassLoader> seen = Collections.newSetFromMap(new WeakHashMap<>());
    /** The loader asked about last (weakly: a loader that is done with is not kept). */
    private volatile java.lang.ref.WeakReference<ClassLoader> lastSeen;
    /** The loaders whose indexes have all been read (another thread may still be reading a loader in {@link #seen}). */
    private final Set<ClassLoader> read = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Jar or folder (as its code source location spells it) → class name → (method name + descriptor → options). */
    private final Map<String, Map<String, Map<String, MethodOptions>>> byRoot = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Reads the indexes this loader sees, the first time it is asked for a loader. Never throws. */
    public void load(ClassLoader loader) {
        if (loader == null) {
            return; // the bootstrap loader holds the JDK, which has no index
        }
        java.lang.ref.WeakReference<ClassLoader> last = lastSeen;
        if (last != null && last.get() == loader) {
            return; // classes load in runs from one loader
        }
        synchronized (seen) {
            boolean first = seen.add(loader);
            lastSeen = new java.lang.ref.WeakReference<>(loader);
            if (!first) {
                return;
            }
        }
        try {
            Enumeration<URL> urls = loader.getResources(RESOURCE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                String root = rootOf(url);
                if (byRoot.containsKey(root)) {
                    continue;
                }
                Map<String, Map<String, MethodOptions>> classes = new ConcurrentHashMap<>();
                try (InputStream in = url.openStream()) {
                    read(in, url.toString(), classes);
                }
                byRoot.putIfAbsent(root, classes); // only once read: a class is never taken as indexed before
            }
        } catch (IOException | RuntimeException e) {
            warn("cannot read the trace indexes of " + loader + ": " + e + "; their classes are scanned instead");
        }
        read.add(loader);
    }

    /**
     * The index of the jar or folder of this protection domain (class name → method name +
     * descriptor → options), or {@code null} when it has none: then its classes are scanned.
     */
    public Map<String, Map<String, MethodOptions>> of(ProtectionDomain domain) {
        // classes load in runs from one jar: the last answer is usually the next one
        Last cached = last;
        if (cached != null && domain != null && cached.get() == domain) {
            return cached.index;
        }
        Map<String, Map<String, MethodOptions>> found = lookUp(domain);
        if (domain != null && domain.getClassLoader() != null && read.contains(domain.getClassLoader())) {
            last = new Last(domain, found); // final: its loader's indexes are all read
        }
        return found;
    }

    /**
     * The last domain asked about and its answer; weakly, so that a class loader that is
     * done with is not kept. Kept only once the domain's loader has had all its indexes
     * read: from then on the answer does not change.
     */
    private static final class Last extends java.lang.ref.WeakReference<ProtectionDomain> {
        final Map<String, Map<String, MethodOptions>> index;

        Last(ProtectionDomain domain, Map<String, Map<String, MethodOptions>> index) {
            super(domain);
            this.index = index;
        }
    }

    private volatile Last last;

    private Map<String, Map<String, MethodOptions>> lookUp(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? null : byRoot.get(location.toExternalForm());
    }

    /** Whether any index was found. */
    public boolean isEmpty() {
        return byRoot.isEmpty();
    }

    /** The jar or folder an index resource lies in, as its classes' code source location spells it. */
    static String rootOf(URL url) {
        String text = url.toExternalForm();
        String base = text.substring(0, text.length() - RESOURCE.length());
        if (base.startsWith("jar:") && base.endsWith("!/")) {
            return base.substring(4, base.length() - 2);
        }
        return base;
    }

    void read(InputStream in, String source, Map<String, Map<String, MethodOptions>> classes) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.startsWith(HEADER_PREFIX)) {
            warn(source + " is not a faultline trace index (no '" + HEADER + "' line); ignored");
            return;
        }
        if (!header.equals(HEADER)) {
            warn(source + " has index format '" + header.substring(HEADER_PREFIX.length()) + "', this agent reads 1;"
                    + " ignored (its classes are scanned for @Trace instead)");
            return;
        }
        int number = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 4 || fields[0].isEmpty() || fields[1].isEmpty() || !fields[2].startsWith("(")) {
                warn(source + ":" + number + ": not CLASS<TAB>METHOD<TAB>DESCRIPTOR<TAB>OPTIONS; line ignored");
                continue;
            }
            MethodOptions options = options(fields[3], source + ":" + number);
            classes.computeIfAbsent(fields[0], k -> new ConcurrentHashMap<>()).put(fields[1] + fields[2], options);
        }
    }

    private MethodOptions options(String text, String where) {
        if (text.isEmpty()) {
            return MethodOptions.NONE;
        }
        DumpMode dump = null;
        Integer depth = null;
        Boolean nativeFrames = null;
        Integer every = null;
        Boolean memory = null;
        String label = null;
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                switch (key) {
                    case "dump":
                        dump = DumpMode.parse(value);
                        if (dump == null) {
                            throw new IllegalArgumentException("accepted: entry, exit, error, none");
                        }
                        break;
                    case "depth":
                        depth = positive(value);
                        break;
                    case "every":
                        every = positive(value);
                        break;
                    case "native":
                        nativeFrames = bool(value);
                        break;
                    case "memory":
                        memory = bool(value);
                        break;
                    case "label":
                        label = decode(value);
                        break;
                    default:
                        warn(where + ": unknown index option '" + key + "' (known: dump, depth, native, every,"
                                + " memory, label); ignored");
                }
            } catch (IllegalArgumentException e) {
                warn(where + ": bad value '" + value + "' for '" + key + "' (" + e.getMessage()
                        + "); the agent's option is used");
            }
        }
        return new MethodOptions(dump, depth, nativeFrames, every, memory, label);
    }

    private static Integer positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("accepted: a whole number, 1 or more");
    }

    private static Boolean bool(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        throw new IllegalArgumentException("accepted: true, false");
    }

    /** Undoes the index's percent-encoding of a label (UTF-8 bytes as {@code %XX}). */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new IllegalArgumentException("a '%' must be followed by two hex digits");
                }
                try {
                    bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a '%' must be followed by two hex digits");
                }
                i += 3;
            } else {
                byte[] utf8 = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void warn(String message) {
        if (warned.add(message)) {
            System.err.println("faultline: warning: " + message);
        }
    }
}
