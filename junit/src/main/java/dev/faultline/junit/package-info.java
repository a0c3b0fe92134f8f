/**
 * Memory budgets for JUnit 5 tests: {@link dev.faultline.junit.MemoryBudget} fails a test
 * whose page faults or RSS growth exceed the limits it states, or that leaves less memory
 * headroom than it states, and
 * {@link dev.faultline.junit.MethodBudget} fails a test during which a method traced by
 * the faultline agent faulted more than allowed, with the worst call's backtrace.
 *
 * <p>Public API: the annotations and {@link dev.faultline.junit.Scope}. Everything under
 * {@code dev.faultline.junit.internal} may change without notice.
 */
package dev.faultline.junit;
