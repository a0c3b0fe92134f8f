package dev.faultline.nativebridge.internal.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the function symbols of one or more ELF symbol tables and merges them into an
 * {@link ElfSymbolTable}: one entry per address, sorted, names left in the files.
 *
 * <p>Kept: {@code STT_FUNC} and {@code STT_GNU_IFUNC} symbols defined in a real section
 * (not undefined, absolute or common). {@code STT_NOTYPE} symbols are skipped: in the
 * libraries checked (libjvm, libc and its debug file, libunwind) none with a size lies in
 * code, and the zero-size ones are assembler labels that would only hide the function
 * around them.
 *
 * <p>Aliases (several symbols at one address) become one entry whose size is the largest
 * of theirs and whose name is the best by, in order: has a nonzero size; binding
 * {@code GLOBAL} over {@code WEAK}/{@code GNU_UNIQUE} over {@code LOCAL}; fewer leading
 * underscores ({@code clone3} over {@code __clone3}); first seen ({@code .symtab} before
 * {@code .dynsym} before the debug file, then symbol-table order).
 */
final class SymbolMerger {

    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int STB_LOCAL = 0;
    private static final int STB_GLOBAL = 1;
    private static final int SHN_UNDEF = 0;
    private static final int SHN_LORESERVE = 0xff00;
    private static final int SHN_XINDEX = 0xffff;
    private static final int SHT_STRTAB = 3;
    private static final int ENTRY_SIZE = 24;
    /** Symbols read per positional read: about 64 KiB. */
    private static final int CHUNK = 2730;

    private final List<ElfSymbolTable.StringTable> stringTables = new ArrayList<>();
    /** Parallel to {@link #stringTables}; open while merging, to break ties by name. */
    private final List<ElfReader> readers = new ArrayList<>();

    private long[] values = new long[1024];
    private long[] sizes = new long[1024];
    private int[] nameOffsets = new int[1024];
    private byte[] tables = new byte[1024];
    private byte[] ranks = new byte[1024];
    private int count;

    /** Adds the function symbols of one {@code SHT_SYMTAB} or {@code SHT_DYNSYM} section; returns how many. */
    int add(ElfReader elf, ElfReader.Section symtab) throws IOException {
        ElfReader.Section strtab = elf.section(symtab.link());
        if (symtab.entrySize() != ENTRY_SIZE || (symtab.flags() & ElfReader.SHF_COMPRESSED) != 0
                || strtab == null || strtab.type() != SHT_STRTAB || (strtab.flags() & ElfReader.SHF_COMPRESSED) != 0) {
            throw new ElfReader.FormatException(symtab.name() + " is not a plain symbol table");
        }
        if (stringTables.size() == Byte.MAX_VALUE) {
            throw new IllegalStateException("too many symbol tables");
        }
        byte table = (byte) stringTables.size();
        stringTables.add(ElfSymbolTable.StringTable.of(elf.path(), strtab.offset(), strtab.size()));
        readers.add(elf);

        long total = symtab.size() / ENTRY_SIZE;
        int added = 0;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (long first = 0; first < total; first += CHUNK) {
            int n = (int) Math.min(CHUNK, total - first);
            chunk.clear().limit(n * ENTRY_SIZE);
            elf.readFully(chunk, symtab.offset() + first * ENTRY_SIZE);
            for (int i = 0; i < n; i++) {
                int at = i * ENTRY_SIZE;
                int info = chunk.get(at + 4) & 0xff;
                int type = info & 0xf;
                int shndx = Short.toUnsignedInt(chunk.getShort(at + 6));
                long name = Integer.toUnsignedLong(chunk.getInt(at));
                if ((type != STT_FUNC && type != STT_GNU_IFUNC)
                        || shndx == SHN_UNDEF || (shndx >= SHN_LORESERVE && shndx != SHN_XINDEX)
                        || name == 0 || name >= strtab.size()) {
                    continue;
                }
                long size = chunk.getLong(at + 16);
                if (size < 0 || size > 0xffffffffL) {
                    size = 0xffffffffL; // sizes are held as unsigned ints; no function is this large
                }
                append(chunk.getLong(at + 8), size, (int) name, table, rank(info >> 4, size));
                added++;
            }
        }
        return added;
    }

    /** How many symbols were added so far, aliases included. */
    int count() {
        return count;
    }

    /** Merges what was added into a table; reads a few name bytes to break ties, so the readers must still be open. */
    ElfSymbolTable build(String source, List<ElfReader.Segment> segments) throws IOException {
        long[] addresses = Arrays.copyOf(values, count);
        Arrays.sort(addresses);
        int m = 0;
        for (int i = 0; i < count; i++) {
            if (m == 0 || addresses[m - 1] != addresses[i]) {
                addresses[m++] = addresses[i];
            }
        }
        int[] best = new int[m];
        Arrays.fill(best, -1);
        long[] maxSize = new long[m];
        byte[] underscores = new byte[count];
        Arrays.fill(underscores, (byte) -1);
        for (int i = 0; i < count; i++) {
            int slot = Arrays.binarySearch(addresses, 0, m, values[i]);
            maxSize[slot] = Math.max(maxSize[slot], sizes[i]);
            if (best[slot] < 0 || better(i, best[slot], underscores)) {
                best[slot] = i;
            }
        }
        int[] outSizes = new int[m];
        int[] outNames = new int[m];
        byte[] outTables = new byte[m];
        for (int s = 0; s < m; s++) {
            outSizes[s] = (int) maxSize[s]; // held unsigned
            outNames[s] = nameOffsets[best[s]];
            outTables[s] = tables[best[s]];
        }
        return new ElfSymbolTable(source, addresses, m, outSizes, outNames, outTables,
                stringTables.toArray(new ElfSymbolTable.StringTable[0]), segments);
    }

    private static byte rank(int binding, long size) {
        int bindingRank = binding == STB_GLOBAL ? 3 : binding == STB_LOCAL ? 1 : 2; // WEAK, GNU_UNIQUE
        return (byte) ((size != 0 ? 4 : 0) | bindingRank);
    }

    private boolean better(int candidate, int incumbent, byte[] underscores) throws IOException {
        if (ranks[candidate] != ranks[incumbent]) {
            return ranks[candidate] > ranks[incumbent];
        }
        return leadingUnderscores(candidate, underscores) < leadingUnderscores(incumbent, underscores);
    }

    private int leadingUnderscores(int i, byte[] cache) throws IOException {
        if (cache[i] < 0) {
            ElfSymbolTable.StringTable table = stringTables.get(tables[i]);
            long offset = Integer.toUnsignedLong(nameOffsets[i]);
            int length = (int) Math.min(8, table.size() - offset);
            ByteBuffer b = readers.get(tables[i]).read(table.offset() + offset, length);
            int n = 0;
            while (n < length && b.get(n) == '_') {
                n++;
            }
            cache[i] = (byte) n;
        }
        return cache[i];
    }

    private void append(long value, long size, int nameOffset, byte table, byte rank) {
        if (count == values.length) {
            int grown = count * 2;
            values = Arrays.copyOf(values, grown);
            sizes = Arrays.copyOf(sizes, grown);
            nameOffsets = Arrays.copyOf(nameOffsets, grown);
            tables = Arrays.copyOf(tables, grown);
            ranks = Arrays.copyOf(ranks, grown);
        }
        values[count] = value;
        sizes[count] = size;
        nameOffsets[count] = nameOffset;
        tables[count] = table;
        ranks[count] = rank;
        count++;
    }
}
