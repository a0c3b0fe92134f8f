package dev.faultline.junit.internal;

import java.lang.reflect.Method;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.faultline.junit.MemoryBudget;
import dev.faultline.junit.MethodBudget;

/**
 * The JUnit 5 extension behind {@code @MemoryBudget} and {@code @MethodBudget}: it wraps
 * the invocation of each test method (plain, repeated or parameterized) and measures it
 * on the thread that runs it.
 *
 * <p>Not public API: the annotations register it. A test without a budget is invoked
 * untouched.
 */
public final class BudgetExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        measure(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        measure(invocation, context);
    }

    /**
     * A factory's dynamic tests are not measured one by one, and measuring the factory
     * would only measure building them: a budget written on one is refused rather than
     * silently unchecked. (A class's budget does not apply to its factories.)
     */
    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        Method method = context.getRequiredTestMethod();
        if (AnnotationSupport.isAnnotated(method, MemoryBudget.class)
                || !AnnotationSupport.findRepeatableAnnotations(method, MethodBudget.class).isEmpty()) {
            invocation.skip();
            throw new ExtensionConfigurationException("budget on @TestFactory " + method.getDeclaringClass()
                    .getSimpleName() + "." + method.getName() + ": budgets apply to @Test, @RepeatedTest and"
                    + " @ParameterizedTest methods; dynamic tests are not measured");
        }
        return invocation.proceed();
    }

    private static void measure(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Budgets budgets;
        UnavailablePolicy policy;
        try {
            budgets = Budgets.of(context);
            policy = budgets.isEmpty() ? UnavailablePolicy.FAIL : UnavailablePolicy.of(context);
        } catch (RuntimeException e) {
            invocation.skip(); // a budget written wrong: the body is not run
            throw e;
        }
        if (budgets.isEmpty()) {
            invocation.proceed();
            return;
        }
        MemoryLimits memory = budgets.memory;
        TracerView tracer = TracerView.platform();
        // the MXBean is read outside the measured span: its replies allocate and may fault
        boolean readTracer = !budgets.methods.isEmpty() || (memory != null && memory.limitsFaults());
        TracerView.Snapshot tracerBefore = readTracer ? tracer.snapshot() : null;
        MemorySample before = memory == null ? null : MemorySample.before(memory);

        invocation.proceed(); // when the body throws, that is the test's outcome: no budget is checked

        MemorySample after = memory == null ? null : MemorySample.after(memory);
        TracerView.Snapshot tracerAfter = readTracer ? tracer.snapshot() : null;

        Outcome outcome = new Outcome(budgets.test, policy);
        if (memory != null) {
            MemoryCheck.check(memory, before, after, tracer, tracerBefore, tracerAfter, outcome);
        }
        for (MethodLimits limits : budgets.methods) {
            MethodCheck.check(limits, tracer, tracerBefore, tracerAfter, outcome);
        }
        outcome.finish(context);
    }
}
