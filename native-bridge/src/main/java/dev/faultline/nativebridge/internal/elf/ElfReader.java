package dev.faultline.nativebridge.internal.elf;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The headers of one 64-bit little-endian ELF file, read with positional reads.
 *
 * <p>The file is read through a {@link FileChannel}, never mapped: a mapping would show in
 * the very {@code /proc/self/maps} and RSS figures that faultline reports. Everything the
 * header says is checked against the file size before it is used, so a truncated or
 * corrupt file gives a {@link FormatException} and not a huge allocation.
 */
final class ElfReader implements Closeable {

    static final int SHT_SYMTAB = 2;
    static final int SHT_NOTE = 7;
    static final int SHT_NOBITS = 8;
    static final int SHT_DYNSYM = 11;
    static final long SHF_COMPRESSED = 0x800;
    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;

    private static final int NT_GNU_BUILD_ID = 3;
    private static final int SHN_XINDEX = 0xffff;
    private static final int PN_XNUM = 0xffff;
    /** Bound on the section and program header counts, far above what any linker writes. */
    private static final int MAX_HEADERS = 1 << 16;
    /** Bound on notes and section-name tables read whole. */
    private static final int MAX_SMALL_READ = 1 << 20;

    /** The file is not an ELF file this reader supports, or its headers are inconsistent. */
    static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** One section header. */
    record Section(String name, int type, long flags, long offset, long size, int link, long entrySize) {
    }

    /** One program header. */
    record Segment(int type, long offset, long vaddr, long fileSize) {
    }

    /** The contents of {@code .gnu_debuglink}: a file name and the CRC-32 of that file. */
    record DebugLink(String fileName, int crc) {
    }

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final List<Section> sections;
    private final List<Segment> segments;

    private ElfReader(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fileSize = channel.size();
        ByteBuffer header = read(0, (int) Math.min(64, fileSize));
        if (header.limit() < 16 || header.getInt(0) != 0x464c457f) { // "\177ELF" read little-endian
            throw new FormatException("not an ELF file");
        }
        if (header.get(4) != 2) {
            throw new FormatException("32-bit ELF not supported");
        }
        if (header.get(5) != 1) {
            throw new FormatException("big-endian ELF not supported");
        }
        if (header.limit() < 64) {
            throw new FormatException("truncated ELF header");
        }
        long phoff = header.getLong(32);
        long shoff = header.getLong(40);
        int phentsize = Short.toUnsignedInt(header.getShort(54));
        int phnum = Short.toUnsignedInt(header.getShort(56));
        int shentsize = Short.toUnsignedInt(header.getShort(58));
        int shnum = Short.toUnsignedInt(header.getShort(60));
        int shstrndx = Short.toUnsignedInt(header.getShort(62));

        ByteBuffer first = null; // section 0 holds the real counts when they overflow 16 bits
        if (shoff != 0 && (shnum == 0 || shstrndx == SHN_XINDEX || phnum == PN_XNUM)) {
            checkRange(shoff, 64, "section header 0");
            first = read(shoff, 64);
            if (shnum == 0) {
                shnum = (int) Math.min(first.getLong(32), Integer.MAX_VALUE);
            }
            if (shstrndx == SHN_XINDEX) {
                shstrndx = first.getInt(40);
            }
            if (phnum == PN_XNUM) {
                phnum = first.getInt(44);
            }
        }
        this.segments = readSegments(phoff, phentsize, phnum);
        this.sections = readSections(shoff, shentsize, shnum, shstrndx);
    }

    /** Opens and checks the headers of an ELF file; the caller closes it. */
    static ElfReader open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ElfReader(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    long fileSize() {
        return fileSize;
    }

    List<Section> sections() {
        return sections;
    }

    List<Segment> segments() {
        return segments;
    }

    /** The first section of this type, or {@code null}. */
    Section sectionOfType(int type) {
        for (Section s : sections) {
            if (s.type() == type) {
                return s;
            }
        }
        return null;
    }

    /** The first section with this name, or {@code null}. */
    Section section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The section at this index, or {@code null} when there is none. */
    Section section(int index) {
        return index >= 0 && index < sections.size() ? sections.get(index) : null;
    }

    /** The GNU build-id ({@code NT_GNU_BUILD_ID} note), or {@code null} when there is none. */
    byte[] buildId() throws IOException {
        for (Section s : sections) {
            if (s.type() == SHT_NOTE) {
                byte[] id = findBuildId(s.offset(), s.size());
                if (id != null) {
                    return id;
                }
            }
        }
        for (Segment p : segments) { // for files whose section headers were stripped
            if (p.type() == PT_NOTE) {
                byte[] id = findBuildId(p.offset(), p.fileSize());
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    /** The {@code .gnu_debuglink} contents, or {@code null} when there are none. */
    DebugLink debugLink() throws IOException {
        Section s = section(".gnu_debuglink");
        if (s == null || s.type() == SHT_NOBITS || s.size() < 8 || s.size() > 4096) {
            return null;
        }
        ByteBuffer b = read(s.offset(), (int) s.size());
        int end = 0;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        int crcAt = (end + 4) & ~3; // the name, its NUL, padding to 4, then the CRC
        if (end == 0 || crcAt + 4 > b.limit()) {
            return null;
        }
        byte[] name = new byte[end];
        b.get(0, name);
        return new DebugLink(new String(name, StandardCharsets.UTF_8), b.getInt(crcAt));
    }

    /**
     * Reads exactly {@code length} bytes at {@code offset} into a new little-endian buffer
     * (position 0, limit {@code length}); a short file gives {@link EOFException}.
     */
    ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(b, offset);
        return b;
    }

    /** Fills {@code buffer} from its position to its limit with the bytes at {@code offset}, then flips it. */
    void readFully(ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException(path + ": unexpected end of file at " + at);
            }
            at += n;
        }
        buffer.flip();
    }

    /** Throws unless {@code [offset, offset+length)} lies inside the file. */
    void checkRange(long offset, long length, String what) throws FormatException {
        if (offset < 0 || length < 0 || offset > fileSize || length > fileSize - offset) {
            throw new FormatException(what + " lies outside the file");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private List<Segment> readSegments(long phoff, int phentsize, int phnum) throws IOException {
        if (phoff == 0 || phnum == 0) {
            return Collections.emptyList();
        }
        if (phentsize < 56 || phnum > MAX_HEADERS) {
            throw new FormatException("bad program headers");
        }
        checkRange(phoff, (long) phentsize * phnum, "program headers");
        ByteBuffer b = read(phoff, phentsize * phnum);
        List<Segment> list = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            list.add(new Segment(b.getInt(at), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 32)));
        }
        return Collections.unmodifiableList(list);
    }

    private List<Section> readSections(long shoff, int shentsize, int shnum, int shstrndx) throws IOException {
        if (shoff == 0 || shnum == 0) {
            return Collections.emptyList();
        }
        if (shentsize < 64 || shnum > MAX_HEADERS) {
            throw new FormatException("bad section headers");
        }
        checkRange(shoff, (long) shentsize * shnum, "section headers");
        ByteBuffer b = read(shoff, shentsize * shnum);
        ByteBuffer names = null;
        if (shstrndx > 0 && shstrndx < shnum) {
            int at = shstrndx * shentsize;
            long offset = b.getLong(at + 24);
            long size = b.getLong(at + 32);
            if (size > 0 && size <= MAX_SMALL_READ) {
                checkRange(offset, size, "section name table");
                names = read(offset, (int) size);
            }
        }
        List<Section> list = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            int at = i * shentsize;
            int type = b.getInt(at + 4);
            long offset = b.getLong(at + 24);
            long size = b.getLong(at + 32);
            if (type != SHT_NOBITS && type != 0) {
                checkRange(offset, size, "section " + i);
            }
            list.add(new Section(cString(names, b.getInt(at)), type, b.getLong(at + 8), offset, size,
                    b.getInt(at + 40), b.getLong(at + 56)));
        }
        return Collections.unmodifiableList(list);
    }

    private byte[] findBuildId(long offset, long size) throws IOException {
        if (size < 12 || size > MAX_SMALL_READ) {
            return null;
        }
        checkRange(offset, size, "note");
        ByteBuffer b = read(offset, (int) size);
        int at = 0;
        while (at + 12 <= b.limit()) {
            int namesz = b.getInt(at);
            int descsz = b.getInt(at + 4);
            int type = b.getInt(at + 8);
            int nameAt = at + 12;
            int descAt = nameAt + ((namesz + 3) & ~3);
            if (namesz < 0 || descsz < 0 || descAt < nameAt || descAt + (long) descsz > b.limit()) {
                return null;
            }
            if (type == NT_GNU_BUILD_ID && namesz == 4 && b.getInt(nameAt) == 0x00554e47 && descsz > 0) { // "GNU\0"
                byte[] id = new byte[descsz];
                b.get(descAt, id);
                return id;
            }
            at = descAt + ((descsz + 3) & ~3);
        }
        return null;
    }

    private static String cString(ByteBuffer table, int offset) {
        if (table == null || offset < 0 || offset >= table.limit()) {
            return "";
        }
        int end = offset;
        while (end < table.limit() && table.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        table.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
