package com.acme;

/**
 * A traced {@code outer} that calls a traced {@code inner} ten times, and prints how long
 * its calls took by its own clock, less what was spent around each {@code inner} call
 * outside {@code inner}'s own body (the agent's work on the nested call): what the agent
 * should report as {@code outer}'s duration, give or take the probes' own path; and how long
 * {@code inner}'s bodies took, which {@code outer}'s duration holds whatever the agent leaves out.
 */
public final class NestedApp {
    private static long innerBodies;
    private static long aroundInner;

    private NestedApp() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        long sum = outer();
        long body = System.nanoTime() - start;
        System.out.println("sum " + sum);
        System.out.println("outer without the agent's work on inner: " + (body - aroundInner + innerBodies) + " ns");
        System.out.println("inner bodies: " + innerBodies + " ns");
    }

    static long outer() {
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            long before = System.nanoTime();
            sum += inner(i);
            aroundInner += System.nanoTime() - before;
        }
        return sum;
    }

    static long inner(int n) {
        long start = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += (long) i * n;
        }
        innerBodies += System.nanoTime() - start;
        return sum;
    }
}
