package dev.faultline.junit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.faultline.junit.testing.FreshPages;
import dev.faultline.nativebridge.NativeMemory;

/**
 * Run by {@link MemoryBudgetTest}: tests that leave {@link #KEPT_PAGES} touched pages
 * (64 MiB) mapped after their body, so that the process's RSS has grown by that much.
 */
class RssGrowthSample {
    static final int KEPT_PAGES = 16_384;
    private static final List<NativeMemory> KEPT = new ArrayList<>();

    @Test
    @MemoryBudget(rssGrowth = "16MiB")
    void keeps64MiBOverA16MiBBudget() {
        keep();
    }

    @Test
    @MemoryBudget(rssGrowth = "1 GiB")
    void keeps64MiBWithinA1GiBBudget() {
        keep();
    }

    @AfterAll
    static void unmap() {
        KEPT.forEach(NativeMemory::close);
    }

    private static void keep() {
        NativeMemory memory = FreshPages.map(KEPT_PAGES);
        KEPT.add(memory);
        memory.touch(0, KEPT_PAGES);
    }
}
