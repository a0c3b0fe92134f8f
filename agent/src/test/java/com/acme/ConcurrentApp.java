package com.acme;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** {@code args[0]} threads ({@code worker-N}) each call the traced {@code work} {@code args[1]} times, all at once. */
public final class ConcurrentApp {
    private static final AtomicLong SUM = new AtomicLong();

    private ConcurrentApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    work(i);
                }
            }, "worker-" + t);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("sum " + SUM.get());
    }

    static void work(int i) {
        SUM.addAndGet(i);
    }
}
