package dev.faultline.nativebridge.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;

/**
 * libunwind, local unwinding of the calling thread. Only {@code unw_backtrace} is bound:
 * it walks the whole stack inside one native call. Stepping a cursor over separate JNR
 * calls is unsound (the captured context belongs to a stub frame that is gone when the
 * call returns).
 */
public interface LibUnwind {
    /** Fills {@code buffer} with up to {@code size} instruction pointers, innermost first; returns how many. */
    @IgnoreError
    int unw_backtrace(Pointer buffer, int size);
}
