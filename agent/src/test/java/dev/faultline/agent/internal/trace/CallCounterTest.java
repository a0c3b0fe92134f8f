package dev.faultline.agent.internal.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallCounterTest {
    private static final class Counter extends CallCounter {
    }

    @Test
    void oneThreadGetsEveryCallNumberInOrder() {
        Counter counter = new Counter();
        for (long i = 1; i <= 10_000; i++) {
            assertEquals(i, counter.countCall());
        }
        assertEquals(10_000, counter.calls());
    }

    @Test
    void racingThreadsLoseNoCall() throws Exception {
        Counter counter = new Counter();
        int threads = 8;
        int each = 200_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> running = new ArrayList<>();
        long[] largest = new long[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long max = 0;
                for (int i = 0; i < each; i++) {
                    max = Math.max(max, counter.countCall());
                }
                largest[index] = max;
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        assertEquals((long) threads * each, counter.calls());
        for (long max : largest) {
            // a call number counts at least the caller's own calls and never more than all calls
            assertTrue(max >= each && max <= (long) threads * each, "call number " + max);
        }
    }

    @Test
    void aThreadOtherThanTheFirstCountsThroughTheSharedField() throws Exception {
        Counter counter = new Counter();
        counter.countCall(); // this thread owns the counter
        Thread other = new Thread(() -> {
            for (int i = 0; i < 1_000; i++) {
                counter.countCall();
            }
        });
        other.start();
        other.join();
        assertEquals(1_001, counter.calls());
        assertEquals(1_002, counter.countCall());
    }
}
