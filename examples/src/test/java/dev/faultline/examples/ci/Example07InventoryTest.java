package dev.faultline.examples.ci;

import dev.faultline.examples.Example07Inventory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Example 07's suite: plain tests of {@link Example07Inventory} that know nothing of
 * faultline. The build runs them under the agent (surefire execution
 * {@code example-07-under-the-agent}); {@code Example07ReportTest} then reads the report.
 * {@code load} is called {@value #LOADS} times in all.
 */
class Example07InventoryTest {
    /** Calls of {@code Example07Inventory.load} in this class, which the report must count. */
    static final int LOADS = 3;

    @Test
    void loadedItemsKeepTheirNamesAndQuantities() {
        Example07Inventory inventory = Example07Inventory.load(1000);
        assertEquals(1000, inventory.size());
        assertEquals("item-0", inventory.name(0));
        assertEquals("item-999", inventory.name(999));
        assertEquals(42, inventory.quantity(142));
    }

    @Test
    void totalQuantityAddsEveryItem() {
        Example07Inventory inventory = Example07Inventory.load(250_000);
        // quantities are index % 100: 2,500 full rounds of 0..99
        assertEquals(2_500L * 4_950, inventory.totalQuantity());
    }

    @Test
    void anItemOutsideTheInventoryIsRefused() {
        Example07Inventory inventory = Example07Inventory.load(10);
        assertThrows(IndexOutOfBoundsException.class, () -> inventory.name(10));
    }
}
