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
 * Holds repeated {@link MethodBudget} annotations; written by the compiler, not by hand.
 *
 * <p>Public API.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@ExtendWith(BudgetExtension.class)
public @interface MethodBudgets {
    /** The budgets, in source order. */
    MethodBudget[] value();
}
