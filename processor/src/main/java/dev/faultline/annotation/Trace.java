package dev.faultline.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method declared in a type) as a faultline trace point: with
 * the agent attached, each call prints a mixed Java and native stack dump and records
 * what the call did to memory.
 *
 * <p>On a type it means every method written in that type that has a body (not those of
 * its nested types, nor the members a record or enum gets without writing them);
 * constructors are included only with {@link #constructors()}, static initializers never.
 * A value given on a method overrides the one given on its type; what neither sets is the
 * agent's option ({@code -javaagent:faultline-agent.jar=dump=exit,...}).
 *
 * <p>With {@code faultline-processor} on the processor path, the compiler checks each
 * {@code @Trace} (a method without a body, a bad value, ...) and writes the trace index
 * {@code META-INF/faultline/trace-index}, which lets the agent find the traced methods
 * without scanning class files. {@code @SuppressWarnings("faultline")} silences its
 * warnings. See {@code docs/trace-annotation.md}.
 *
 * <p>Every element's default means "not set here": only the values written in the source
 * reach the class file and the processor's index, so the agent can tell them apart from
 * its own defaults.
 *
 * <p>Public API. The agent matches this annotation by its name in the class file, so it
 * is retained in class files but never needs to be loaded at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Trace {
    /**
     * When a dump is printed: {@code "entry"}, {@code "exit"}, {@code "error"} (only when
     * the method throws) or {@code "none"}, as the agent's {@code dump} option. Empty: the
     * agent's option.
     */
    String dump() default "";

    /** Most frames in a dump, 1 to 1024. 0: the agent's {@code depth} option. */
    int depth() default 0;

    /** Whether dumps include native frames. {@code DEFAULT}: the agent's {@code native} option. */
    Toggle nativeFrames() default Toggle.DEFAULT;

    /** Dump every N-th call, at least 1. 0: the agent's {@code every} option. */
    int every() default 0;

    /** Whether fault/RSS/CPU deltas are measured per call. {@code DEFAULT}: the agent's {@code memory} option. */
    Toggle memory() default Toggle.DEFAULT;

    /**
     * A short name shown in the dump's header and the JFR event: one line, at most 100
     * characters, no tabs or other control characters. Empty: none.
     */
    String label() default "";

    /** On a type: also trace its constructors. Ignored on a method. */
    boolean constructors() default false;

    /** An on/off setting that may also be left to the agent's option. */
    enum Toggle {
        /** What the agent's option says. */
        DEFAULT,
        /** On, whatever the agent's option says. */
        ON,
        /** Off, whatever the agent's option says. */
        OFF
    }
}
