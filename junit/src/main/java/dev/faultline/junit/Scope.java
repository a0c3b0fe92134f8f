package dev.faultline.junit;

/**
 * Whose page faults a {@link MemoryBudget} counts.
 *
 * <p>Public API.
 */
public enum Scope {
    /**
     * The thread that runs the test method, from {@code getrusage(RUSAGE_THREAD)}: exact
     * for the work done on that thread, blind to work the test hands to other threads
     * (executors, the common pool, the garbage collector, the JIT compilers).
     */
    THREAD,

    /**
     * The whole process, from {@code getrusage(RUSAGE_SELF)}: every thread's faults while
     * the test ran, including the garbage collector's, the JIT compilers' and any test
     * running in parallel.
     */
    PROCESS
}
