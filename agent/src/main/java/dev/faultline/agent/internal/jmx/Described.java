package dev.faultline.agent.internal.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The description that an MXBean interface, or one of its getters or operations, shows in
 * its {@code MBeanInfo}: what JConsole shows as a tooltip and what the Prometheus JMX
 * exporter prints as a metric's help text. Say the unit, and whether the figure only grows
 * (a counter) or goes up and down (a gauge).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface Described {
    String value();
}
