package dev.faultline.nativebridge;

/**
 * The kernel's policy for promising more memory than it has ({@code vm.overcommit_memory}),
 * which decides whether a large {@code mmap} or {@code malloc} fails up front or only
 * when its pages are touched.
 *
 * <p>Public API.
 */
public enum OvercommitMode {
    /** {@code 0}: the default. */
    HEURISTIC(0, "The kernel refuses only allocations that obviously cannot be met "
            + "(more than RAM plus swap) and otherwise overcommits; MAP_NORESERVE mappings are not charged."),
    /** {@code 1}. */
    ALWAYS(1, "The kernel grants every allocation and counts on pages never being touched; "
            + "running out shows up later as the OOM killer, never as a failed mmap."),
    /** {@code 2}. */
    NEVER(2, "The kernel refuses any allocation that would take Committed_AS above CommitLimit "
            + "(swap plus overcommit_ratio % or overcommit_kbytes of RAM), even with MAP_NORESERVE.");

    private final int value;
    private final String meaning;

    OvercommitMode(int value, String meaning) {
        this.value = value;
        this.meaning = meaning;
    }

    /** The value of {@code /proc/sys/vm/overcommit_memory} for this mode. */
    public int value() {
        return value;
    }

    /** What the mode means for an allocation, in one sentence. */
    public String meaning() {
        return meaning;
    }

    /** The mode for a value of {@code overcommit_memory}, or {@code null} for an unknown value. */
    public static OvercommitMode of(long value) {
        for (OvercommitMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        return null;
    }
}
