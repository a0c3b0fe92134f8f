package com.acme;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Computes values of every kind and throws exceptions of every kind through methods that
 * the semantics test traces, printing each result, and each exception with its stack.
 */
public final class ComputeApp {
    private int counter;

    private ComputeApp() {
    }

    public static void main(String[] args) {
        System.out.println("int " + add(40, 2));
        System.out.println("long " + square(3_000_000_000L));
        System.out.println("double " + half(7.0));
        System.out.println("float " + ratio(1f, 3f));
        System.out.println("boolean " + isEven(7));
        System.out.println("char " + initial("faultline"));
        System.out.println("byte " + narrow(300));
        System.out.println("short " + shortOf(70_000));
        System.out.println("null " + nothing());
        System.out.println("array " + Arrays.toString(range(5)));
        System.out.println("varargs " + join("-", "a", "b", "c"));
        System.out.println("generic " + firstOf(List.of("x", "y")));
        System.out.println("finally " + finallyWins());
        System.out.println("factorial " + factorial(20));
        ComputeApp app = new ComputeApp();
        app.increment();
        app.increment();
        System.out.println("instance " + app.counter + " " + app.synchronizedTwice());
        Shape square = () -> 4;
        System.out.println("default " + square.area() + " " + square.describe());
        IntSupplier lambda = () -> add(1, 1);
        System.out.println("lambda " + lambda.getAsInt());
        List<String> caught = new ArrayList<>();
        System.out.println("caught inside " + catchesInside(caught) + " " + caught);
        report(() -> outer(0));
        report(ComputeApp::checked);
        report(ComputeApp::error);
        report(() -> divide(1, 0));
        report(() -> {
            throw new UnsupportedOperationException("from a lambda");
        });
    }

    /** A sample shape; its default method is traced. */
    interface Shape {
        int area();

        default String describe() {
            return "area " + area();
        }
    }

    interface Action {
        void run() throws Exception;
    }

    static void report(Action action) {
        try {
            action.run();
            System.out.println("no exception");
        } catch (Exception | Error e) {
            System.out.println("threw " + e);
            for (StackTraceElement frame : e.getStackTrace()) {
                System.out.println("  at " + frame);
            }
            if (e.getCause() != null) {
                System.out.println("  cause " + e.getCause());
            }
        }
    }

    static int add(int a, int b) {
        return a + b;
    }

    static long square(long n) {
        return n * n;
    }

    static double half(double d) {
        return d / 2;
    }

    static float ratio(float a, float b) {
        return a / b;
    }

    static boolean isEven(int n) {
        return n % 2 == 0;
    }

    static char initial(String s) {
        return s.charAt(0);
    }

    static byte narrow(int n) {
        return (byte) n;
    }

    static short shortOf(int n) {
        return (short) n;
    }

    static Object nothing() {
        return null;
    }

    static int[] range(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * i;
        }
        return values;
    }

    static String join(String separator, String... parts) {
        return String.join(separator, parts);
    }

    static <T> T firstOf(List<T> list) {
        return list.get(0);
    }

    @SuppressWarnings("finally")
    static int finallyWins() {
        try {
            return 1;
        } finally {
            return 2;
        }
    }

    static long factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }

    void increment() {
        counter++;
    }

    synchronized int synchronizedTwice() {
        return counter * 2;
    }

    static int catchesInside(List<String> caught) {
        try {
            return divide(1, 0);
        } catch (ArithmeticException e) {
            caught.add(e.getMessage());
            return -1;
        }
    }

    static int divide(int a, int b) {
        return a / b;
    }

    static int outer(int n) {
        return middle(n) + 1;
    }

    static int middle(int n) {
        try {
            return inner(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("wrapped", e);
        }
    }

    static int inner(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("zero");
        }
        return n;
    }

    static void checked() throws IOException {
        throw new IOException("checked");
    }

    static void error() {
        throw new AssertionError("an error");
    }
}
