package dev.faultline.nativebridge;

import java.util.Objects;

/**
 * One frame of a {@link Backtrace}: a Java frame (class, method, file, line), a native
 * frame (address, symbol, offset, library), or a marker where frames could not be seen.
 *
 * <p>Public API. Immutable. {@link #toString()} is the frame's line in a dump: Java frames
 * as Java prints them, native frames as {@code symbol+0xOFFSET [library]} or
 * {@code 0xADDRESS [library]} when no symbol covers the address.
 */
public final class Frame {

    /** What a frame is. */
    public enum Kind {
        /** A Java method: interpreted, compiled or inlined. */
        JAVA,
        /** Native code: a shared library, the JVM itself, or anonymous executable memory. */
        NATIVE,
        /** Frames that are there but cannot be seen; {@link #description()} says why. */
        UNSEEN
    }

    private final Kind kind;
    private final StackTraceElement element;
    private final long address;
    private final String symbol;
    private final long offset;
    private final String library;
    private final String text;

    private Frame(Kind kind, StackTraceElement element, long address, String symbol, long offset, String library,
                  String text) {
        this.kind = kind;
        this.element = element;
        this.address = address;
        this.symbol = symbol;
        this.offset = offset;
        this.library = library;
        this.text = text;
    }

    /** A Java frame. */
    public static Frame ofJava(StackTraceElement element) {
        Objects.requireNonNull(element, "element");
        return new Frame(Kind.JAVA, element, 0, null, 0, null, null);
    }

    /**
     * A native frame.
     *
     * @param address the instruction pointer
     * @param symbol the (demangled) symbol covering it, or {@code null} when none does
     * @param offset the address minus the symbol's start (ignored without a symbol)
     * @param library the mapped file's path, a pseudo-path such as {@code [vdso]}, or the
     *        empty string for anonymous executable memory
     */
    public static Frame ofNative(long address, String symbol, long offset, String library) {
        Objects.requireNonNull(library, "library");
        return new Frame(Kind.NATIVE, null, address, symbol, symbol == null ? 0 : offset, library,
                nativeText(address, symbol, offset, library));
    }

    /** A marker for frames that cannot be seen, with the reason and what would show them. */
    public static Frame unseen(String description) {
        Objects.requireNonNull(description, "description");
        return new Frame(Kind.UNSEEN, null, 0, null, 0, null, "(" + description + ")");
    }

    public Kind kind() {
        return kind;
    }

    /** The Java frame as a {@link StackTraceElement}; {@code null} for other kinds. */
    public StackTraceElement stackTraceElement() {
        return element;
    }

    /** The Java class's binary name; {@code null} for other kinds. */
    public String className() {
        return element == null ? null : element.getClassName();
    }

    /** The Java method's name; {@code null} for other kinds. */
    public String methodName() {
        return element == null ? null : element.getMethodName();
    }

    /** The Java source file, or {@code null} when unknown or not a Java frame. */
    public String fileName() {
        return element == null ? null : element.getFileName();
    }

    /** The Java line number; negative when unknown (-2 for a native method) or not a Java frame. */
    public int lineNumber() {
        return element == null ? -1 : element.getLineNumber();
    }

    /** Whether this Java frame is a {@code native} method. */
    public boolean isNativeMethod() {
        return element != null && element.isNativeMethod();
    }

    /** The native frame's instruction pointer; 0 for other kinds. */
    public long address() {
        return address;
    }

    /** The native frame's symbol (C++ names demangled, without parameters), or {@code null}. */
    public String symbol() {
        return symbol;
    }

    /** The native frame's offset into its symbol; 0 without one. */
    public long offset() {
        return offset;
    }

    /** The native frame's library path, pseudo-path, or the empty string for anonymous memory; {@code null} for other kinds. */
    public String library() {
        return library;
    }

    /** Why an {@link Kind#UNSEEN} frame is not seen; {@code null} for other kinds. */
    public String description() {
        return kind == Kind.UNSEEN ? text.substring(1, text.length() - 1) : null;
    }

    /** The library's file name as dumps show it: {@code libc.so.6}, {@code [vdso]}, {@code anonymous}. */
    public String libraryName() {
        return library == null ? null : libraryName(library);
    }

    @Override
    public String toString() {
        return kind == Kind.JAVA ? element.toString() : text;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Frame)) {
            return false;
        }
        Frame f = (Frame) o;
        return kind == f.kind && address == f.address && offset == f.offset && Objects.equals(element, f.element)
                && Objects.equals(symbol, f.symbol) && Objects.equals(library, f.library)
                && Objects.equals(text, f.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, element, address, symbol, library, text);
    }

    private static String nativeText(long address, String symbol, long offset, String library) {
        String name = libraryName(library);
        return symbol == null
                ? "0x" + Long.toHexString(address) + " [" + name + "]"
                : symbol + "+0x" + Long.toHexString(offset) + " [" + name + "]";
    }

    private static String libraryName(String library) {
        if (library.isEmpty()) {
            return "anonymous";
        }
        String path = library.endsWith(" (deleted)") ? library.substring(0, library.length() - 10) : library;
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
