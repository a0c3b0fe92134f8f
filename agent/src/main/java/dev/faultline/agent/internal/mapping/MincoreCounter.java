package dev.faultline.agent.internal.mapping;

import dev.faultline.nativebridge.Residency;

/** Counts resident pages with the kernel's {@code mincore}, through the native bridge. */
final class MincoreCounter implements ResidencyCounter {
    @Override
    public long residentPages(long address, long length) {
        return Residency.of(address, length).residentPages();
    }
}
