package dev.faultline.junit.nonative;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.faultline.junit.MemoryBudget;
import dev.faultline.junit.Scope;

/**
 * Run by {@link UnavailableCountersTest} in a JVM with {@code -Dfaultline.native=false}:
 * each test allocates a direct buffer of {@link #BYTES}, which the JVM zeroes, so every
 * one of its pages is touched once; the buffers stay reachable so that RSS keeps them.
 */
class DirectBufferSample {
    static final int BYTES = 64 << 20;
    static final int PAGES = BYTES / 4096;
    private static final List<ByteBuffer> KEPT = new ArrayList<>();

    @Test
    @MemoryBudget(minorFaults = PAGES / 2)
    void allocatesUnderAThreadBudget() {
        KEPT.add(ByteBuffer.allocateDirect(BYTES));
    }

    @Test
    @MemoryBudget(minorFaults = PAGES / 2, scope = Scope.PROCESS)
    void allocatesUnderAProcessBudget() {
        KEPT.add(ByteBuffer.allocateDirect(BYTES));
    }

    @Test
    @MemoryBudget(rssGrowth = "16MiB")
    void allocatesUnderAnRssBudget() {
        KEPT.add(ByteBuffer.allocateDirect(BYTES));
    }
}
