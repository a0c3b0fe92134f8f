package dev.faultline.nativebridge.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.In;

/** The C++ runtime's demangler, {@code abi::__cxa_demangle}. */
public interface LibStdCxx {
    /** Returns a {@code malloc}ed, NUL-terminated demangled name, or null; {@code status} receives 0 on success. */
    @IgnoreError
    Pointer __cxa_demangle(@In String mangledName, Pointer outputBuffer, Pointer length, Pointer status);
}
