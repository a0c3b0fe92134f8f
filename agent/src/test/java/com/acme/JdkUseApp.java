package com.acme;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls JDK methods that the agent itself uses while tracing ({@code ThreadLocal#get},
 * {@code AtomicLong#incrementAndGet}, {@code StringBuilder#append}) from {@code work}.
 */
public final class JdkUseApp {
    private JdkUseApp() {
    }

    public static void main(String[] args) {
        System.out.println(work());
    }

    static String work() {
        ThreadLocal<String> local = ThreadLocal.withInitial(() -> "local");
        AtomicLong counter = new AtomicLong();
        counter.incrementAndGet();
        StringBuilder text = new StringBuilder();
        text.append(local.get()).append(' ').append(counter.incrementAndGet());
        return text.toString();
    }
}
