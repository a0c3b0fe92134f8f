/**
 * The faultline {@code -javaagent} and attach jar: ByteBuddy instrumentation, dumps, JFR
 * events, MXBeans, the exit report and the attach CLI. Built on the native bridge
 * ({@code dev.faultline.nativebridge}).
 */
package dev.faultline.agent;
