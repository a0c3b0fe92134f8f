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
 * <p>Public API. The agent matches this annotation by its name in the class file, so it
 * is retained in class files but never needs to be loaded at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Trace {
}
