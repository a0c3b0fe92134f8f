package dev.faultline.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.faultline.junit.internal.BudgetExtension;

/**
 * States how many page faults and how much RSS growth a test may cost, and how much
 * memory headroom must be left before and after it, and fails the test when it costs more
 * or leaves less: {@code @MemoryBudget(majorFaults = 0, minorFaults = 10_000,
 * rssGrowth = "64MiB", minHeadroom = "10%")}.
 *
 * <p>What is measured is the test method's body alone (not its {@code @BeforeEach} or
 * {@code @AfterEach} methods): faults as {@link #scope()} says, RSS as the process's
 * resident set after the body minus before it, headroom as read just before and just
 * after the body. Each element left at its default sets no limit; a budget must set at
 * least one. When the body throws, its own failure is reported and the budget is not
 * checked.
 *
 * <p>On a class it is the budget of every test method in the class (and its
 * {@code @Nested} classes) that has none of its own; on a method it replaces the class's
 * for that method. The annotation alone turns the extension on.
 *
 * <p>Where the counters or the headroom cannot be read (not Linux, no {@code /proc}, the
 * native bridge disabled, no readable memory cgroup) the test fails saying so, unless the
 * configuration parameter {@code faultline.budgets.unavailable} is {@code warn}; then the
 * test's own outcome stands and a report entry says the budget was not checked.
 *
 * <p>Public API.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(BudgetExtension.class)
public @interface MemoryBudget {
    /** Most minor faults (first touch of a page, a page already in the page cache). -1: no limit. */
    long minorFaults() default -1;

    /** Most major faults (a page read from disk or swap). -1: no limit. */
    long majorFaults() default -1;

    /**
     * Most growth of the process's RSS, as a size with a unit: {@code "64MiB"},
     * {@code "1.5GiB"}, {@code "512KiB"}, {@code "4096B"} (B, KiB, MiB, GiB, TiB; a bare
     * number is bytes). KB, MB and GB are refused as ambiguous. Empty: no limit.
     */
    String rssGrowth() default "";

    /**
     * Least memory headroom the JVM must have left, before and after the body: the bytes it
     * may still use before the first limit that stops it, be it its memory cgroup's binding
     * limit (then the cgroup's OOM killer), the commit limit in overcommit mode 2 (then failed
     * allocations) or the system's RAM and swap (then the system's OOM killer). A size as
     * {@link #rssGrowth()} takes it ({@code "64MiB"}), or a percentage from 0% to 100% of the
     * limit that binds ({@code "10%"}: of the cgroup's binding memory limit, or memory-plus-swap
     * limit, of {@code CommitLimit}, or of RAM plus swap). Read at those two moments only:
     * memory taken and given back inside the body is not seen. Where the memory cgroup cannot
     * be read the headroom counts as unavailable, as a limit that cannot be seen may bind
     * first. Empty: no floor.
     */
    String minHeadroom() default "";

    /** Whose faults count: the test's own thread (the default) or the whole process. */
    Scope scope() default Scope.THREAD;
}
