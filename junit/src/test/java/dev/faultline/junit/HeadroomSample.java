package dev.faultline.junit;

import org.junit.jupiter.api.Test;

/**
 * Run by {@link HeadroomBudgetTest} and {@link UnreadableHeadroomTest}: a floor that no JVM
 * reaches (1000 TiB left) and one that every JVM that runs a test keeps (1 MiB).
 */
class HeadroomSample {

    @Test
    @MemoryBudget(minHeadroom = "1000TiB")
    void needs1000TiBLeft() {
    }

    @Test
    @MemoryBudget(minHeadroom = "1MiB")
    void needs1MiBLeft() {
    }
}
