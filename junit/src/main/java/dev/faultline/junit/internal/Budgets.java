package dev.faultline.junit.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.faultline.junit.MemoryBudget;
import dev.faultline.junit.MethodBudget;

/** The budgets that apply to one test method: its own, else its class's, else an enclosing class's. */
final class Budgets {
    /** The test as messages name it: {@code StoreTest.loadsLazily}, plus the invocation of a repeated or parameterized test. */
    final String test;
    /** {@code null}: no memory budget. */
    final MemoryLimits memory;
    final List<MethodLimits> methods;

    private Budgets(String test, MemoryLimits memory, List<MethodLimits> methods) {
        this.test = test;
        this.memory = memory;
        this.methods = methods;
    }

    /**
     * The budgets of the test that {@code context} runs.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a budget that is written wrong
     */
    static Budgets of(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        String test = name(context, method);
        List<Class<?>> classes = classes(context); // innermost first

        Optional<MemoryBudget> memory = AnnotationSupport.findAnnotation(method, MemoryBudget.class);
        for (int i = 0; i < classes.size() && memory.isEmpty(); i++) {
            memory = AnnotationSupport.findAnnotation(classes.get(i), MemoryBudget.class);
        }

        // outermost first, the method last: a later budget for the same traced method replaces an earlier one
        Map<String, MethodLimits> byMethod = new LinkedHashMap<>();
        for (int i = classes.size() - 1; i >= 0; i--) {
            add(byMethod, AnnotationSupport.findRepeatableAnnotations(classes.get(i), MethodBudget.class), test);
        }
        add(byMethod, AnnotationSupport.findRepeatableAnnotations(method, MethodBudget.class), test);

        return new Budgets(test, memory.map(b -> MemoryLimits.of(b, test)).orElse(null),
                List.copyOf(byMethod.values()));
    }

    boolean isEmpty() {
        return memory == null && methods.isEmpty();
    }

    private static void add(Map<String, MethodLimits> byMethod, List<MethodBudget> budgets, String test) {
        for (MethodBudget budget : budgets) {
            MethodLimits limits = MethodLimits.of(budget, test);
            byMethod.remove(limits.method); // keeps the order of the one that wins
            byMethod.put(limits.method, limits);
        }
    }

    /** The test's class and the classes that enclose it as {@code @Nested} tests, innermost first. */
    private static List<Class<?>> classes(ExtensionContext context) {
        List<Class<?>> classes = new ArrayList<>();
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext parent = c.get();
            if (parent.getTestMethod().isEmpty()) {
                parent.getTestClass().ifPresent(type -> {
                    if (!classes.contains(type)) {
                        classes.add(type);
                    }
                });
            }
        }
        if (classes.isEmpty()) {
            classes.add(context.getRequiredTestClass());
        }
        return classes;
    }

    private static String name(ExtensionContext context, Method method) {
        String name = context.getRequiredTestClass().getSimpleName() + "." + method.getName();
        boolean invocation = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
        return invocation ? name + " " + context.getDisplayName() : name;
    }
}
