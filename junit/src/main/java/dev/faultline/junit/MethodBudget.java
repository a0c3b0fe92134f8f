package dev.faultline.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.faultline.junit.internal.BudgetExtension;

/**
 * States how many page faults a method traced by the faultline agent may cost while a
 * test runs, and fails the test with the worst call's backtrace when it costs more:
 * {@code @MethodBudget(method = "com.acme.Store#load", majorFaults = 0)}.
 *
 * <p>The figures come from the agent's {@code dev.faultline:type=Tracer} MXBean, so the
 * test JVM must run with {@code -javaagent:faultline-agent.jar=trace=com.acme.Store#load}
 * (or the method must carry {@code @Trace}). {@link #minorFaults()} and
 * {@link #majorFaults()} limit the sum over the calls made while the test method's body
 * ran, on any thread; {@link #minorFaultsPerCall()} and {@link #majorFaultsPerCall()}
 * limit the worst single call since the JVM started (a maximum cannot be split by test).
 * Each element left at its default sets no limit; a budget must set at least one.
 *
 * <p>Repeatable. On a class it applies to every test method in the class, together with
 * those on the method; when both name the same method, the one on the test method wins.
 * The annotation alone turns the extension on.
 *
 * <p>Public API.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(MethodBudgets.class)
@ExtendWith(BudgetExtension.class)
public @interface MethodBudget {
    /** The traced method as the agent names it: {@code com.acme.Store#load} (all its overloads). */
    String method();

    /** Most minor faults in all calls during the test. -1: no limit. */
    long minorFaults() default -1;

    /** Most major faults in all calls during the test. -1: no limit. */
    long majorFaults() default -1;

    /** Most minor faults in any one call since the JVM started. -1: no limit. */
    long minorFaultsPerCall() default -1;

    /** Most major faults in any one call since the JVM started. -1: no limit. */
    long majorFaultsPerCall() default -1;

    /**
     * Most time, in milliseconds, that the calls during the test spent blocked: off the CPU and
     * not waiting for one (sleeping, waiting for a lock or for I/O), summed over the calls whose
     * wall time the agent split, which it does with {@code sched=true}. Without that option the
     * budget cannot be checked, and the test fails saying so. -1: no limit.
     */
    long blockedMillis() default -1;

    /**
     * Whether the test fails when the agent is not attached (the default). {@code false}:
     * without the agent the budget is not checked, the test's own outcome stands, and a
     * report entry and one line on stderr say so.
     */
    boolean requireAgent() default true;
}
