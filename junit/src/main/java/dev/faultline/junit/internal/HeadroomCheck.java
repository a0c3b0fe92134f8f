package dev.faultline.junit.internal;

/**
 * Checks a {@code minHeadroom} floor against the memory headroom read before and after the
 * test body: a test fails when either reading is below it, the message naming the figure,
 * the limit that binds and, after the limits exceeded, the native bridge's reason.
 */
final class HeadroomCheck {
    private HeadroomCheck() {
    }

    /**
     * Adds to {@code outcome} each reading below {@code floor}, or that the headroom cannot
     * be read; returns the figures for the report entry, {@code ""} when there are none.
     */
    static String check(MinHeadroom floor, HeadroomReading before, HeadroomReading after, Outcome outcome) {
        for (HeadroomReading reading : new HeadroomReading[] {after, before}) {
            if (reading.problem != null) {
                outcome.memoryUnmeasurable(reading.problem);
                return "";
            }
            if (floor.isPercentage() && reading.limit < 0) {
                outcome.memoryUnmeasurable("minHeadroom " + floor + " cannot be sized: the limit behind "
                        + reading.bound + " (" + reading.limitName + ") cannot be read");
                return "";
            }
        }
        below(floor, before, "before the test", outcome);
        below(floor, after, "after the test", outcome);
        return "headroomBefore=" + ByteSize.format(before.bytes) + " (" + before.bound + ") headroomAfter="
                + ByteSize.format(after.bytes) + " (" + after.bound + ")";
    }

    private static void below(MinHeadroom floor, HeadroomReading reading, String when, Outcome outcome) {
        if (reading.bytes >= floor.bytes(reading.limit)) {
            return;
        }
        outcome.memoryExceeded("headroom " + ByteSize.format(reading.bytes) + " " + when + " is below minHeadroom "
                + floor.describe(reading.limit) + " (" + reading.bound + " binds: " + reading.limitName + ")");
        outcome.detail("headroom " + when + ": " + reading.reason);
    }
}
