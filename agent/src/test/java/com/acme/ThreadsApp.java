package com.acme;

import java.util.Map;
import java.util.TreeSet;

/** Calls the traced {@code work}, then prints the names of the live non-daemon threads. */
public final class ThreadsApp {
    private ThreadsApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += work(i);
        }
        Thread.sleep(200); // time for anything the agent started to show up
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            if (!entry.getKey().isDaemon()) {
                names.add(entry.getKey().getName());
            }
        }
        System.out.println("sum " + sum + ", non-daemon threads " + names);
    }

    static int work(int i) {
        return i * i;
    }
}
