package dev.faultline.nativebridge.internal;

import dev.faultline.nativebridge.Frame;
import dev.faultline.nativebridge.internal.elf.ElfSymbolTable;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an instruction pointer into a native {@link Frame}: checks it against the
 * executable mappings, finds the symbol from the library's ELF symbol tables (with sizes
 * checked, detached debug files read), demangles C++ names.
 *
 * <p>Resolved frames are kept in a direct-mapped cache keyed by address, so a warm
 * lookup is an array read and a compare. The cache holds immutable frames and is read
 * without locks (a lost update only costs a second resolution).
 */
public final class NativeSymbolizer {
    private static final int CACHE_SIZE = 1 << 13;
    private static final NativeSymbolizer INSTANCE = new NativeSymbolizer();

    private final Frame[] cache = new Frame[CACHE_SIZE];
    private final ConcurrentHashMap<String, ElfSymbolTable> tables = new ConcurrentHashMap<>();

    private NativeSymbolizer() {
    }

    public static NativeSymbolizer get() {
        return INSTANCE;
    }

    /**
     * The frame for return address {@code ip}, or {@code null} when {@code ip} is not in
     * executable memory (such an address is never shown).
     */
    public Frame resolve(long ip) {
        int slot = (int) (mix(ip) & (CACHE_SIZE - 1));
        Frame cached = cache[slot];
        if (cached != null && cached.address() == ip) {
            return cached;
        }
        MapsLine mapping = ExecutableMappings.get().find(ip);
        if (mapping == null) {
            return null;
        }
        Frame frame = symbolize(ip, mapping);
        cache[slot] = frame;
        return frame;
    }

    private Frame symbolize(long ip, MapsLine mapping) {
        if (!mapping.fileBacked()) {
            return Frame.ofNative(ip, null, 0, mapping.path);
        }
        ElfSymbolTable table = tables.computeIfAbsent(mapping.path, path -> ElfSymbolTable.load(fileOf(mapping)));
        long fileOffset = mapping.offset + (ip - mapping.start);
        long vaddr = table.virtualAddressOfFileOffset(fileOffset);
        if (vaddr < 0) {
            return Frame.ofNative(ip, null, 0, mapping.path);
        }
        // ip is a return address: the call instruction ends just before it, and for a call
        // at the very end of a function (noreturn) ip already points past the function.
        ElfSymbolTable.Symbol symbol = table.lookup(vaddr - 1);
        String name = symbol == null ? null : symbol.name(); // null: the file changed since it was read
        if (name == null) {
            return Frame.ofNative(ip, null, 0, mapping.path);
        }
        return Frame.ofNative(ip, Demangler.demangle(name), vaddr - symbol.value(), mapping.path);
    }

    /** A deleted library (jffi extracts, loads and deletes its own) is still readable through map_files. */
    private static Path fileOf(MapsLine mapping) {
        if (mapping.path.endsWith(" (deleted)")) {
            return Path.of("/proc/self/map_files/" + Long.toHexString(mapping.start) + "-"
                    + Long.toHexString(mapping.end));
        }
        return Path.of(mapping.path);
    }

    private static long mix(long ip) {
        long h = ip * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
