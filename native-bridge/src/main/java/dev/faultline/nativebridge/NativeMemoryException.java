package dev.faultline.nativebridge;

/**
 * A native memory call failed; carries the call, its {@code errno} and the system's text
 * for it (e.g. {@code mmap of 1.0 GiB failed: Cannot allocate memory (errno 12)}).
 *
 * <p>Public API.
 */
public final class NativeMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String errnoText;

    public NativeMemoryException(String call, String what, int errno, String errnoText) {
        super(what + " failed: " + errnoText + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
        this.errnoText = errnoText;
    }

    /** The native function that failed, e.g. {@code mmap}. */
    public String call() {
        return call;
    }

    /** The {@code errno} it set, e.g. 12 for {@code ENOMEM}; 0 when the failure was not an errno. */
    public int errno() {
        return errno;
    }

    /** The system's text for {@link #errno()}. */
    public String errnoText() {
        return errnoText;
    }
}
