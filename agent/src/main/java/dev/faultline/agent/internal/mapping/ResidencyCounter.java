package dev.faultline.agent.internal.mapping;

/** Counts the resident pages of a page-aligned range: {@code mincore} in the agent, a fake in tests. */
interface ResidencyCounter {
    /**
     * Resident pages of {@code [address, address + length)}.
     *
     * @throws RuntimeException when the range is no longer mapped
     */
    long residentPages(long address, long length);
}
