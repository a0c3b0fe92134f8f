package dev.faultline.nativebridge.internal;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.nio.charset.StandardCharsets;

/**
 * Turns C++ symbol names into the readable function names shown in native frames, with
 * {@code abi::__cxa_demangle} from libstdc++, and drops the parameter list.
 *
 * <p>Without libstdc++ every name is returned unchanged. Thread-safe: each call has its
 * own status cell and the demangler keeps no state.
 */
public final class Demangler {

    private static final String[] TRAILING_QUALIFIERS = {" const", " volatile", " &&", " &"};
    private static final String CLONE_SUFFIX = " [clone ";

    private Demangler() {
    }

    /**
     * The demangled name without its parameter list, e.g.
     * {@code _ZN9JavaCalls11call_helperEP9JavaValueRK12methodHandleP17JavaCallArgumentsP10JavaThread}
     * gives {@code JavaCalls::call_helper}. Names that do not start with {@code _Z}, or that
     * fail to demangle, are returned unchanged.
     */
    public static String demangle(String name) {
        if (name == null || !name.startsWith("_Z")) {
            return name;
        }
        String full = demangleFully(name);
        return full == null ? name : stripParameters(full);
    }

    /** What {@code __cxa_demangle} makes of the name, parameters and all; {@code null} when it fails or libstdc++ is absent. */
    static String demangleFully(String name) {
        LibStdCxx cxx = Natives.libstdcxx().library();
        LibC libc = Natives.libc().library();
        if (cxx == null || libc == null) {
            return null;
        }
        Pointer status = Memory.allocateDirect(Runtime.getRuntime(cxx), 4, true);
        status.putInt(0, -1);
        Pointer result = cxx.__cxa_demangle(name, null, null, status);
        if (result == null) {
            return null;
        }
        try {
            if (status.getInt(0) != 0) {
                return null;
            }
            int length = result.indexOf(0, (byte) 0);
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            result.get(0, bytes, 0, length);
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            libc.free(result);
        }
    }

    /**
     * Drops the parameter list of a demangled function name: first any trailing
     * {@code " const"}, {@code " volatile"}, {@code " &"} or {@code " &&"}, then, if the
     * name ends with {@code ')'}, everything from the matching {@code '('}, found scanning
     * backwards by parenthesis depth. So {@code (anonymous namespace)::Foo::bar(int)} gives
     * {@code (anonymous namespace)::Foo::bar}, {@code Foo::operator()(int)} gives
     * {@code Foo::operator()}, and template arguments are kept. A GCC clone suffix such as
     * {@code " [clone .cold]"} is kept after the stripped name. A return type that the
     * demangler puts in front of a template function is kept too.
     */
    static String stripParameters(String demangled) {
        String s = demangled;
        String suffix = "";
        int clone = s.indexOf(CLONE_SUFFIX);
        if (clone > 0 && s.endsWith("]")) {
            suffix = s.substring(clone);
            s = s.substring(0, clone);
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String qualifier : TRAILING_QUALIFIERS) {
                if (s.endsWith(qualifier)) {
                    s = s.substring(0, s.length() - qualifier.length());
                    stripped = true;
                }
            }
        }
        if (!s.endsWith(")")) {
            return demangled;
        }
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return i == 0 ? demangled : s.substring(0, i) + suffix;
            }
        }
        return demangled; // unbalanced: leave it as the demangler wrote it
    }
}
