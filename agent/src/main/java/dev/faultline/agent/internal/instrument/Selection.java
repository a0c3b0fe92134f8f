package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.internal.options.MethodOptions;
import dev.faultline.agent.internal.options.MethodPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which methods are traced: those matching a {@code trace=} pattern, those the processor's
 * index names, and those carrying {@code @Trace} (matched by the annotation's name in the
 * class file, so the agent works whether or not the processor ran), or declared in a type
 * that carries it. JDK classes only when a pattern names them explicitly; never the
 * agent's own classes; constructors only when asked for by name ({@code #<init>}), by
 * {@code @Trace(constructors = true)} or by the index.
 */
public final class Selection {
    private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    /**
     * What the tracer and the JVM's instrumentation run on before the tracer's re-entry guard
     * is up (the guard's thread-local, the call counters' atomics and VarHandles, the JDK's
     * transformer dispatch, JFR's commit): never traced, even when named.
     */
    private static final String[] NEVER = {"java.lang.ThreadLocal", "java.util.concurrent.atomic.", "jdk.internal.misc.",
            "java.lang.invoke.", "jdk.internal.reflect.", "jdk.jfr.", "java.lang.Thread", "java.lang.ref.",
            "sun.instrument.", "dev.faultline.agent."};
    /** One class of each {@link #NEVER} entry, to tell whether a pattern names some of them; the same order. */
    private static final String[] NEVER_SAMPLES = {"java.lang.ThreadLocal", "java.util.concurrent.atomic.AtomicLong",
            "jdk.internal.misc.Unsafe", "java.lang.invoke.VarHandle", "jdk.internal.reflect.Reflection", "jdk.jfr.Event",
            "java.lang.Thread", "java.lang.ref.Reference", "sun.instrument.InstrumentationImpl",
            "dev.faultline.agent.FaultlineAgent"};
    private static final String CONSTRUCTOR = "<init>";

    /** An array, not a list: the transformer's first tests must not need a class that is not loaded yet. */
    private final MethodPattern[] patterns;
    private final AtomicBoolean[] matched;
    /** Per pattern: whether some class it names was seen, and why the first method it named was passed over. */
    private final AtomicBoolean[] classSeen;
    private final String[] passedOver; // guarded by itself: no VarHandle on the transformer's path (its classes may be loading)
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Whether some pattern names JDK classes: else no JDK class is ever traced. */
    private final boolean namesJdk;

    public Selection(List<MethodPattern> patterns) {
        this.patterns = patterns.toArray(new MethodPattern[0]);
        boolean jdk = false;
        for (MethodPattern pattern : this.patterns) {
            jdk |= isJdk(pattern.literalPrefix());
        }
        this.namesJdk = jdk;
        this.matched = new AtomicBoolean[this.patterns.length];
        this.classSeen = new AtomicBoolean[this.patterns.length];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = new AtomicBoolean();
            classSeen[i] = new AtomicBoolean();
        }
        this.passedOver = new String[this.patterns.length];
    }

    /**
     * One line per pattern that names classes the agent never traces (see {@link #NEVER}),
     * saying which: printed once at start-up, not once per class as they load.
     */
    public List<String> neverTracedWarnings() {
        List<String> lines = new ArrayList<>();
        for (MethodPattern pattern : patterns) {
            StringBuilder named = new StringBuilder();
            for (int i = 0; i < NEVER.length; i++) {
                if (pattern.matchesClass(NEVER_SAMPLES[i]) || pattern.matchesClass(NEVER[i] + "X")) {
                    named.append(named.length() == 0 ? "" : ", ").append(NEVER[i]).append('*');
                }
            }
            if (named.length() > 0) {
                lines.add("faultline: warning: pattern '" + pattern + "' names classes that faultline itself runs on ("
                        + named + "): their methods are never traced");
            }
        }
        return lines;
    }

    /** Whether no method of this class may ever be traced (the tracer's own foundations). */
    boolean excluded(String className) {
        if (!isNever(className)) {
            return false;
        }
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i].matchesClass(className)) {
                classSeen[i].set(true);
                passOver(i, className + " is one of the classes faultline itself runs on");
            }
        }
        return true;
    }

    /** Whether some pattern names JDK classes; when not, no JDK class can hold a traced method. */
    public boolean namesJdk() {
        return namesJdk;
    }

    /** A test on the class name alone: may a pattern match a method of this class? */
    boolean patternsMayMatch(String className) {
        boolean jdk = isJdk(className);
        for (MethodPattern pattern : patterns) {
            // the cheap test first: most classes loaded are the JDK's, and most patterns name none
            if ((!jdk || isJdk(pattern.literalPrefix())) && pattern.matchesClass(className)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code @Trace} is looked for in this class (never in JDK classes). */
    static boolean annotationsApply(String className) {
        return !isJdk(className);
    }

    /**
     * The options of this method if it is traced, else {@code null}.
     *
     * @param indexed the index's options for it, or {@code null} when the index does not name it
     * @param scanned whether the class's own {@code @Trace} annotations count (no index covers it)
     * @param byPattern what {@link #patternsMayMatch} said of the class
     */
    MethodOptions select(ClassScan type, ClassScan.Method method, MethodOptions indexed, boolean scanned,
                         boolean byPattern) {
        boolean constructor = method.name.equals(CONSTRUCTOR);
        String untraceable = method.untraceable();
        if (untraceable != null) {
            if (byPattern) {
                passOver(type, method, untraceable);
            }
            return null;
        }
        MethodOptions result = null;
        if (byPattern) {
            for (int i = 0; i < patterns.length; i++) {
                MethodPattern pattern = patterns[i];
                if (!pattern.matchesClass(type.className)) {
                    continue;
                }
                classSeen[i].set(true);
                if (pattern.matchesMethod(method.name) && (!constructor || pattern.toString().endsWith("#" + CONSTRUCTOR))) {
                    matched[i].set(true);
                    result = MethodOptions.NONE;
                }
            }
        }
        if (indexed != null) {
            return indexed;
        }
        if (scanned && annotationsApply(type.className)) {
            MethodOptions annotated = annotated(type, method, constructor);
            if (annotated != null) {
                return annotated;
            }
        }
        return result;
    }

    private MethodOptions annotated(ClassScan type, ClassScan.Method method, boolean constructor) {
        boolean byType = type.typeTrace != null && (!constructor || type.typeConstructors)
                && (type.access & org.objectweb.asm.Opcodes.ACC_INTERFACE) == 0;
        if (method.trace == null && !byType) {
            return null;
        }
        String where = type.className + "#" + method.name;
        if (method.problem != null && warned.add(where)) {
            System.err.println("faultline: warning: bad @Trace on " + where + ": " + method.problem
                    + "; the agent's option is used instead");
        }
        if (byType && type.typeProblem != null && warned.add(type.className)) {
            System.err.println("faultline: warning: bad @Trace on " + type.className + ": " + type.typeProblem
                    + "; the agent's option is used instead");
        }
        MethodOptions own = method.trace != null ? method.trace : MethodOptions.NONE;
        return byType ? own.over(type.typeTrace) : own;
    }

    /** Notes, for the patterns that name it, why this method was not traced. */
    private void passOver(ClassScan type, ClassScan.Method method, String why) {
        for (int i = 0; i < patterns.length; i++) {
            MethodPattern pattern = patterns[i];
            if (pattern.matchesClass(type.className)) {
                classSeen[i].set(true);
                if (pattern.matchesMethod(method.name)) {
                    passOver(i, type.className + "#" + method.name + " is " + why);
                }
            }
        }
    }

    private void passOver(int pattern, String why) {
        synchronized (passedOver) {
            if (passedOver[pattern] == null) {
                passedOver[pattern] = why;
            }
        }
    }

    /**
     * Why this pattern matched no method, as far as the classes it saw tell: a method it
     * named that cannot be traced, or that no class it names has loaded; {@code null} when
     * its classes loaded and none declares a method it names.
     */
    public String whyUnmatched(MethodPattern pattern) {
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i] == pattern) {
                String why;
                synchronized (passedOver) {
                    why = passedOver[i];
                }
                if (why != null) {
                    return why;
                }
                return classSeen[i].get() ? null : "no class it names was loaded";
            }
        }
        return null;
    }

    /** The patterns that have matched no method so far. */
    public List<MethodPattern> unmatched() {
        List<MethodPattern> list = new ArrayList<>();
        for (int i = 0; i < matched.length; i++) {
            if (!matched[i].get()) {
                list.add(patterns[i]);
            }
        }
        return list;
    }

    private static boolean isNever(String name) {
        for (String prefix : NEVER) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] JDK_INTERNAL_PREFIXES = internalForms(JDK_PREFIXES);

    private static String[] internalForms(String[] prefixes) {
        String[] internal = new String[prefixes.length];
        for (int i = 0; i < prefixes.length; i++) {
            internal[i] = prefixes[i].replace('.', '/');
        }
        return internal;
    }

    /** {@link #isJdk} for a name in the class file's form ({@code java/lang/String}). */
    static boolean isJdkInternalName(String internalName) {
        for (String prefix : JDK_INTERNAL_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isJdk(String name) {
        for (String prefix : JDK_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
