package dev.faultline.nativebridge.internal.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The function symbols of one ELF file ({@code .symtab}, {@code .dynsym}, and the
 * {@code .symtab} of its detached debug file when the file itself has none), for turning
 * an instruction address into a function name with a size check.
 *
 * <p>Built for use inside a user's JVM: addresses and sizes are held in primitive arrays
 * (about 13 bytes a symbol), and names stay in the file: {@link #lookup} re-reads the one
 * it returns. The file is read with positional reads, never mapped. A table is immutable
 * and safe to share between threads. Which symbols are kept, and which name an alias
 * gets, is described in {@link SymbolMerger}.
 *
 * <p>64-bit little-endian ELF only; anything else loads as an empty table whose
 * {@link #source()} says why.
 */
public final class ElfSymbolTable {

    private static final Path DEFAULT_DEBUG_ROOT = Path.of("/usr/lib/debug");

    /** A function symbol: its raw (mangled) name, ELF virtual address and size in bytes. */
    public static final class Symbol {
        private final String name;
        private final long value;
        private final long size;

        Symbol(String name, long value, long size) {
            this.name = name;
            this.value = value;
            this.size = size;
        }

        /**
         * The raw (mangled) name; {@code null} when it could no longer be read because the
         * file changed (size or modification time) or became unreadable after loading.
         */
        public String name() {
            return name;
        }

        /** The ELF virtual address of the first byte ({@code st_value}). */
        public long value() {
            return value;
        }

        /** The size in bytes ({@code st_size}); 0 for a symbol that matches only its own address. */
        public long size() {
            return size;
        }

        @Override
        public String toString() {
            return name + "@0x" + Long.toHexString(value) + "[" + size + "]";
        }
    }

    /** A string table in a file, and what the file looked like when it was loaded. */
    static final class StringTable {
        private final Path file;
        private final long offset;
        private final long size;
        private final long fileSize;
        private final FileTime modified;

        private StringTable(Path file, long offset, long size, long fileSize, FileTime modified) {
            this.file = file;
            this.offset = offset;
            this.size = size;
            this.fileSize = fileSize;
            this.modified = modified;
        }

        static StringTable of(Path file, long offset, long size) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new StringTable(file, offset, size, attributes.size(), attributes.lastModifiedTime());
        }

        long offset() {
            return offset;
        }

        long size() {
            return size;
        }

        Path file() {
            return file;
        }

        /** The NUL-terminated name at {@code nameOffset}, or {@code null} when the file changed or cannot be read. */
        String read(int nameOffset) {
            long at = Integer.toUnsignedLong(nameOffset);
            try {
                BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
                if (now.size() != fileSize || !now.lastModifiedTime().equals(modified) || at >= size) {
                    return null;
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    long left = size - at;
                    int length = (int) Math.min(256, left);
                    while (true) {
                        ByteBuffer b = ByteBuffer.allocate(length);
                        while (b.hasRemaining()) {
                            if (channel.read(b, offset + at + b.position()) < 0) {
                                return null;
                            }
                        }
                        byte[] bytes = b.array();
                        for (int i = 0; i < length; i++) {
                            if (bytes[i] == 0) {
                                return new String(bytes, 0, i, StandardCharsets.UTF_8);
                            }
                        }
                        if (length == left) { // unterminated at the end of the table
                            return new String(bytes, StandardCharsets.UTF_8);
                        }
                        length = (int) Math.min(length * 8L, Math.min(left, 1 << 20));
                    }
                }
            } catch (IOException | SecurityException e) {
                return null;
            }
        }
    }

    private final String source;
    private final int count;
    /** Values are {@code base + (packedValues[i] & 0xffffffffL)}, or {@code wideValues[i]} when they span more than 4 GiB. */
    private final long base;
    private final int[] packedValues;
    private final long[] wideValues;
    /** Unsigned sizes. */
    private final int[] sizes;
    private final int[] nameOffsets;
    private final byte[] tableOf;
    private final StringTable[] tables;
    /** For each symbol, the nearest earlier one that contains its address, or -1; {@code null} when no symbols overlap. */
    private final int[] enclosing;
    private final long[] loadOffsets;
    private final long[] loadVaddrs;
    private final long[] loadFileSizes;

    ElfSymbolTable(String source, long[] sortedValues, int count, int[] sizes, int[] nameOffsets, byte[] tableOf,
                   StringTable[] tables, List<ElfReader.Segment> segments) {
        this.source = source;
        this.count = count;
        this.sizes = sizes;
        this.nameOffsets = nameOffsets;
        this.tableOf = tableOf;
        this.tables = tables;
        if (count > 0 && sortedValues[0] >= 0 && sortedValues[count - 1] - sortedValues[0] <= 0xffffffffL) {
            base = sortedValues[0];
            packedValues = new int[count];
            for (int i = 0; i < count; i++) {
                packedValues[i] = (int) (sortedValues[i] - base);
            }
            wideValues = null;
        } else {
            base = 0;
            packedValues = null;
            wideValues = Arrays.copyOf(sortedValues, count);
        }
        this.enclosing = computeEnclosing();

        int loads = 0;
        for (ElfReader.Segment s : segments) {
            loads += s.type() == ElfReader.PT_LOAD ? 1 : 0;
        }
        loadOffsets = new long[loads];
        loadVaddrs = new long[loads];
        loadFileSizes = new long[loads];
        int j = 0;
        for (ElfReader.Segment s : segments) {
            if (s.type() == ElfReader.PT_LOAD) {
                loadOffsets[j] = s.offset();
                loadVaddrs[j] = s.vaddr();
                loadFileSizes[j] = s.fileSize();
                j++;
            }
        }
    }

    /** Loads the function symbols of the ELF file; never throws: an unreadable or non-ELF file gives an empty table whose {@link #source()} says why. */
    public static ElfSymbolTable load(Path file) {
        return load(file, DEFAULT_DEBUG_ROOT);
    }

    /** Same, with the debug root to search for detached debug files (by default {@code /usr/lib/debug}). */
    static ElfSymbolTable load(Path file, Path debugRoot) {
        try (ElfReader elf = ElfReader.open(file)) {
            return load(elf, debugRoot);
        } catch (Exception e) { // never let a bad file reach the caller
            return empty("none: " + describe(e), Collections.emptyList());
        }
    }

    private static ElfSymbolTable load(ElfReader elf, Path debugRoot) throws IOException {
        SymbolMerger merger = new SymbolMerger();
        List<String> parts = new ArrayList<>(3);
        ElfReader.Section symtab = elf.sectionOfType(ElfReader.SHT_SYMTAB);
        ElfReader.Section dynsym = elf.sectionOfType(ElfReader.SHT_DYNSYM);
        if (symtab != null) {
            merger.add(elf, symtab);
            parts.add(".symtab");
        }
        if (dynsym != null) {
            merger.add(elf, dynsym);
            parts.add(".dynsym");
        }
        ElfReader debug = null;
        try {
            if (symtab == null) {
                debug = openDebugFile(elf, debugRoot, merger, parts);
            }
            if (merger.count() == 0) {
                String where = parts.isEmpty() ? "no .symtab, .dynsym or debug file" : "none in " + String.join(" + ", parts);
                return empty("none: no function symbols (" + where + ")", elf.segments());
            }
            return merger.build(String.join(" + ", parts), elf.segments());
        } finally {
            if (debug != null) {
                debug.close();
            }
        }
    }

    /** Adds the debug file's {@code .symtab}, when there is one; returns the open debug file for name ties, or null. */
    private static ElfReader openDebugFile(ElfReader elf, Path debugRoot, SymbolMerger merger, List<String> parts) {
        Path file = null;
        ElfReader debug = null;
        try {
            file = DebugFileFinder.find(elf, debugRoot);
            if (file == null) {
                return null;
            }
            debug = ElfReader.open(file);
            ElfReader.Section symtab = debug.sectionOfType(ElfReader.SHT_SYMTAB);
            if (symtab == null) {
                parts.add(file + " (no .symtab)");
                debug.close();
                return null;
            }
            merger.add(debug, symtab);
            parts.add(file + " (.symtab)");
            return debug;
        } catch (IOException | RuntimeException e) { // the file's own symbols still serve
            if (file != null) {
                parts.add(file + " (unusable: " + describe(e) + ")");
            }
            if (debug != null) {
                try {
                    debug.close();
                } catch (IOException ignored) {
                    // nothing more to do for a file being given up
                }
            }
            return null;
        }
    }

    private static ElfSymbolTable empty(String reason, List<ElfReader.Segment> segments) {
        return new ElfSymbolTable(reason, new long[0], 0, new int[0], new int[0], new byte[0], new StringTable[0], segments);
    }

    private static String describe(Exception e) {
        if (e instanceof ElfReader.FormatException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * The ELF virtual address that a byte at file offset {@code fileOffset} is loaded at,
     * using the {@code PT_LOAD} program header that covers it; -1 when none does.
     */
    public long virtualAddressOfFileOffset(long fileOffset) {
        for (int i = 0; i < loadOffsets.length; i++) {
            if (fileOffset >= loadOffsets[i] && fileOffset - loadOffsets[i] < loadFileSizes[i]) {
                return loadVaddrs[i] + (fileOffset - loadOffsets[i]);
            }
        }
        return -1;
    }

    /**
     * The function symbol whose {@code [value, value+size)} contains {@code vaddr} (a
     * zero-size symbol matches only its own address), or {@code null}. When symbols
     * overlap, the one that starts last (the innermost) wins. Costs a binary search and
     * one small read of the file for the name (about 10 µs); callers cache.
     */
    public Symbol lookup(long vaddr) {
        int i = floor(vaddr);
        while (i >= 0) {
            if (contains(i, vaddr)) {
                return new Symbol(tables[tableOf[i]].read(nameOffsets[i]), valueAt(i), sizeAt(i));
            }
            i = enclosing == null ? -1 : enclosing[i];
        }
        return null;
    }

    /**
     * Where the symbols came from: {@code ".symtab + .dynsym"}, {@code ".dynsym"},
     * {@code ".dynsym + /usr/lib/debug/.build-id/ab/cdef.debug (.symtab)"}, or
     * {@code "none: <reason>"} for an empty table.
     */
    public String source() {
        return source;
    }

    /** The number of function symbols held, one per address. */
    public int size() {
        return count;
    }

    /** Roughly the heap this table holds, in bytes. */
    long heapBytes() {
        long arrays = (packedValues != null ? 4L * count : 8L * count) + 4L * count + 4L * count + count
                + (enclosing != null ? 4L * count : 0) + 24L * loadOffsets.length + 6 * 16;
        return 96 + arrays + tables.length * 160L + source.length() * 2L;
    }

    private long valueAt(int i) {
        return packedValues != null ? base + Integer.toUnsignedLong(packedValues[i]) : wideValues[i];
    }

    private long sizeAt(int i) {
        return Integer.toUnsignedLong(sizes[i]);
    }

    private boolean contains(int i, long vaddr) {
        long size = sizeAt(i);
        long value = valueAt(i);
        return size == 0 ? vaddr == value : Long.compareUnsigned(vaddr - value, size) < 0;
    }

    /** The last symbol whose value is at most {@code vaddr}, or -1. */
    private int floor(long vaddr) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(valueAt(mid), vaddr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * For each symbol, the nearest earlier symbol whose range contains its start. Following
     * these links from the floor of an address visits every symbol that contains that
     * floor's start, innermost first, so {@link #lookup} finds an enclosing function
     * past the end of a nested one.
     */
    private int[] computeEnclosing() {
        int[] parent = new int[count];
        int[] stack = new int[count];
        int depth = 0;
        boolean any = false;
        for (int i = 0; i < count; i++) {
            long value = valueAt(i);
            while (depth > 0 && !(sizeAt(stack[depth - 1]) > 0 && contains(stack[depth - 1], value))) {
                depth--; // ends at or before this value, so before every later one too
            }
            parent[i] = depth > 0 ? stack[depth - 1] : -1;
            any |= depth > 0;
            stack[depth++] = i;
        }
        return any ? parent : null;
    }
}
