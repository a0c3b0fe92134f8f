package dev.faultline.agent.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up thread's hand-over: the rest of the work waits for its delay or for {@code hurry()}. */
class StartThreadTest {
    private static StartThread started(CountDownLatch marked) {
        StartThread starting = StartThread.begin();
        starting.ownWork(new Runnable() {
            @Override
            public void run() {
                marked.countDown();
            }
        });
        return starting;
    }

    private static Runnable countingDown(CountDownLatch latch) {
        return new Runnable() {
            @Override
            public void run() {
                latch.countDown();
            }
        };
    }

    @Test
    void delayedWorkWaitsUntilHurried() throws InterruptedException {
        CountDownLatch marked = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        StartThread starting = started(marked);
        starting.then(countingDown(ran), TimeUnit.MINUTES.toMillis(10));
        assertTrue(marked.await(30, TimeUnit.SECONDS), "the thread marks itself as the agent's own");
        assertEquals(false, ran.await(300, TimeUnit.MILLISECONDS), "ran before its delay, unasked");
        starting.hurry();
        assertTrue(ran.await(30, TimeUnit.SECONDS), "hurry() starts the delayed work");
    }

    @Test
    void delayedWorkStartsAfterItsDelay() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        StartThread starting = started(new CountDownLatch(1));
        long handed = System.nanoTime();
        starting.then(countingDown(ran), 200);
        assertTrue(ran.await(30, TimeUnit.SECONDS), "the work runs once its delay is over");
        assertTrue(System.nanoTime() - handed >= TimeUnit.MILLISECONDS.toNanos(200), "not before its delay");
    }

    @Test
    void workWithoutDelayRunsAtOnceAndNoWorkEndsTheThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        started(new CountDownLatch(1)).then(countingDown(ran));
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        StartThread idle = started(new CountDownLatch(1));
        idle.then(null, TimeUnit.MINUTES.toMillis(10)); // the agent did not start: nothing waits
        idle.hurry(); // harmless
    }
}
