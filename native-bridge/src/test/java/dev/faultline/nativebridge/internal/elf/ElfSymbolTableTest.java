package dev.faultline.nativebridge.internal.elf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks {@link ElfSymbolTable} against what {@code nm} and {@code readelf} say about real libraries. */
class ElfSymbolTableTest {

    static final Path LIBJVM = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
    static final Path LIBC = library("libc.so.6");
    static final Path LIBUNWIND = library("libunwind.so.8");
    static final Path DEBUG_ROOT = Path.of("/usr/lib/debug");
    static final int SAMPLE = 200;

    /** One line of {@code nm -S --defined-only}. */
    record NmSymbol(long value, long size, char type, String name) {
        boolean isFunction() {
            return type == 'T' || type == 't' || type == 'W' || type == 'i';
        }

        boolean covers(long address) {
            return size == 0 ? address == value : address >= value && address - value < size;
        }
    }

    @Test
    void libjvmFunctionsResolveToTheSymbolsNmListsAtTheirAddresses() {
        checkAgainstNm(LIBJVM);
    }

    @Test
    void libcFunctionsResolveThroughDynsymAndTheBuildIdDebugFile() {
        checkAgainstNm(LIBC);
    }

    @Test
    void libunwindFunctionsResolveToTheSymbolsNmListsAtTheirAddresses() {
        checkAgainstNm(LIBUNWIND);
    }

    @Test
    void libcStartThreadAndClone3ResolveFromTheDebugFile() {
        Path debugFile = buildIdDebugFile(LIBC);
        assertTrue(Files.isRegularFile(debugFile), "libc6-dbg not installed: " + debugFile);
        ElfSymbolTable table = ElfSymbolTable.load(LIBC);
        assertEquals(".dynsym + " + debugFile + " (.symtab)", table.source());

        List<NmSymbol> exported = functions(nm(LIBC, true));
        assertFalse(exported.stream().anyMatch(s -> s.name().equals("start_thread") || s.name().equals("clone3")),
                "the premise: libc does not export start_thread or clone3");
        for (String name : List.of("start_thread", "clone3")) {
            NmSymbol expected = functions(nm(debugFile, false)).stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " not in " + debugFile));
            ElfSymbolTable.Symbol found = table.lookup(expected.value() + expected.size() / 2);
            assertNotNull(found, name);
            assertEquals(name, found.name(), "clone3 is preferred over its alias __clone3 (fewer leading underscores)");
            assertEquals(expected.value(), found.value());
            assertEquals(expected.size(), found.size());
        }
    }

    @Test
    void withoutTheDebugRootLibcHasOnlyItsExportsAndStartThreadIsNotFound() throws IOException {
        Path emptyRoot = Files.createTempDirectory("no-debug");
        try {
            ElfSymbolTable table = ElfSymbolTable.load(LIBC, emptyRoot);
            assertEquals(".dynsym", table.source());
            NmSymbol startThread = functions(nm(buildIdDebugFile(LIBC), false)).stream()
                    .filter(s -> s.name().equals("start_thread")).findFirst().orElseThrow();
            ElfSymbolTable.Symbol found = table.lookup(startThread.value() + 16);
            assertTrue(found == null || !found.name().equals("start_thread"), String.valueOf(found));
        } finally {
            Files.delete(emptyRoot);
        }
    }

    @Test
    void theGnuDebugLinkFindsADebugFileInTheDotDebugFolderNextToTheLibrary(@TempDir Path dir) throws IOException {
        Path lib = Files.copy(LIBC, dir.resolve("libc.so.6"));
        List<String> link = Binutils.run("readelf", "--string-dump=.gnu_debuglink", LIBC.toString());
        String linkName = link.stream().filter(l -> l.contains("[     0]")).findFirst()
                .map(l -> l.substring(l.indexOf(']') + 1).trim()).orElseThrow(() -> new AssertionError(link.toString()));
        Path dotDebug = Files.createDirectories(dir.resolve(".debug"));
        Path debugFile = Files.copy(buildIdDebugFile(LIBC), dotDebug.resolve(linkName));
        Path emptyRoot = Files.createDirectories(dir.resolve("empty-root"));

        ElfSymbolTable table = ElfSymbolTable.load(lib, emptyRoot);

        assertEquals(".dynsym + " + debugFile + " (.symtab)", table.source());
        NmSymbol clone3 = functions(nm(buildIdDebugFile(LIBC), false)).stream()
                .filter(s -> s.name().equals("clone3")).findFirst().orElseThrow();
        assertEquals("clone3", table.lookup(clone3.value()).name());
    }

    @Test
    void fileOffsetsMapToVirtualAddressesByTheLoadSegmentsReadelfShows() {
        for (Path lib : List.of(LIBJVM, LIBC, LIBUNWIND)) {
            ElfSymbolTable table = ElfSymbolTable.load(lib);
            List<long[]> loads = new ArrayList<>(); // offset, vaddr, filesz
            for (String line : Binutils.run("readelf", "-lW", lib.toString())) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("LOAD")) {
                    loads.add(new long[] {Long.decode(f[1]), Long.decode(f[2]), Long.decode(f[4])});
                }
            }
            assertFalse(loads.isEmpty(), "readelf shows no LOAD segment in " + lib);
            for (long[] load : loads) {
                for (long delta : new long[] {0, load[2] / 2, load[2] - 1}) {
                    assertEquals(load[1] + delta, table.virtualAddressOfFileOffset(load[0] + delta), lib + " offset " + (load[0] + delta));
                }
                long after = load[0] + load[2];
                boolean covered = loads.stream().anyMatch(l -> after >= l[0] && after < l[0] + l[2]);
                if (!covered) {
                    assertEquals(-1, table.virtualAddressOfFileOffset(after), lib + " offset " + after);
                }
            }
            assertEquals(-1, table.virtualAddressOfFileOffset(Long.MAX_VALUE / 2));
            assertEquals(-1, table.virtualAddressOfFileOffset(-1));
        }
    }

    @Test
    void aFileThatIsNotElfGivesAnEmptyTableThatSaysWhy(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an ELF file at all");
        ElfSymbolTable table = ElfSymbolTable.load(text);
        assertEquals(0, table.size());
        assertEquals("none: not an ELF file", table.source());
        assertNull(table.lookup(0));
        assertEquals(-1, table.virtualAddressOfFileOffset(0));

        assertEquals("none: not an ELF file", ElfSymbolTable.load(Files.write(dir.resolve("empty"), new byte[0])).source());
        assertEquals("none: no such file", ElfSymbolTable.load(dir.resolve("missing.so")).source());
        assertTrue(ElfSymbolTable.load(dir).source().startsWith("none: "), "a directory");
    }

    @Test
    void thirtyTwoBitAndBigEndianElfAreRejectedByName(@TempDir Path dir) throws IOException {
        byte[] header = Files.readAllBytes(LIBUNWIND);
        header[4] = 1; // ELFCLASS32
        assertEquals("none: 32-bit ELF not supported", ElfSymbolTable.load(Files.write(dir.resolve("elf32"), header)).source());
        header[4] = 2;
        header[5] = 2; // ELFDATA2MSB
        assertEquals("none: big-endian ELF not supported", ElfSymbolTable.load(Files.write(dir.resolve("elfbe"), header)).source());
    }

    @Test
    void aTruncatedLibraryLoadsEmptyWithoutThrowing(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(LIBC);
        for (int length : new int[] {20, 64, 4096, whole.length / 2}) {
            Path cut = Files.write(dir.resolve("cut" + length), Arrays.copyOf(whole, length));
            ElfSymbolTable table = ElfSymbolTable.load(cut, dir);
            assertEquals(0, table.size(), table.source());
            assertTrue(table.source().startsWith("none: "), table.source());
        }
    }

    @Test
    void libjvmLoadsQuicklyAndHoldsLittleHeap() {
        ElfSymbolTable.load(LIBJVM); // warm up class loading and the page cache
        long start = System.nanoTime();
        ElfSymbolTable table = ElfSymbolTable.load(LIBJVM);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("libjvm.so: " + table.size() + " functions from " + table.source() + " in " + millis
                + " ms, about " + table.heapBytes() / 1024 + " KiB of heap");
        assertTrue(millis < 2000, millis + " ms");
        assertTrue(table.heapBytes() < 20L * table.size(), table.heapBytes() + " bytes");
    }

    /**
     * Samples function symbols from the ground truth and looks up the middle of each; then
     * looks up addresses in the gaps between functions, which must find nothing.
     */
    private static void checkAgainstNm(Path lib) {
        ElfSymbolTable table = ElfSymbolTable.load(lib);
        List<NmSymbol> truth = groundTruth(lib, table);
        assertFalse(truth.isEmpty(), "nm lists no functions in " + lib);

        Map<Long, Set<String>> namesAt = new TreeMap<>();
        Map<Long, Long> sizeAt = new TreeMap<>();
        for (NmSymbol s : truth) {
            namesAt.computeIfAbsent(s.value(), v -> new HashSet<>()).add(s.name());
            sizeAt.merge(s.value(), s.size(), Math::max);
        }
        // nm cannot tell FUNC from NOTYPE (libjvm's assembler labels show as zero-size 't'); readelf can.
        assertEquals(functionAddresses(lib, table).size(), table.size(), "one entry per distinct function address in " + table.source());

        List<NmSymbol> sized = truth.stream().filter(s -> s.size() > 0).collect(Collectors.toList());
        Random random = new Random(42);
        for (int n = 0; n < SAMPLE; n++) {
            NmSymbol s = sized.get(random.nextInt(sized.size()));
            long address = s.value() + s.size() / 2;
            long innermost = sized.stream().filter(t -> t.covers(address)).mapToLong(NmSymbol::value).max().orElseThrow();
            ElfSymbolTable.Symbol found = table.lookup(address);
            assertNotNull(found, lib + ": nothing at 0x" + Long.toHexString(address) + " inside " + s);
            if (found.value() != address) { // else a zero-size symbol right at the address, which also matches
                assertEquals(innermost, found.value(), lib + ": wrong symbol at 0x" + Long.toHexString(address) + ": " + found);
                assertEquals((long) sizeAt.get(innermost), found.size(), found.toString());
            }
            assertTrue(namesAt.get(found.value()).contains(found.name()),
                    lib + ": " + found + " is not one of " + namesAt.get(found.value()));
        }

        // A gap: the end of a function that no function covers (by the largest end of those starting at or before it).
        List<NmSymbol> byStart = new ArrayList<>(sized);
        byStart.sort((a, b) -> Long.compare(a.value(), b.value()));
        long[] starts = new long[byStart.size()];
        long[] maxEnd = new long[byStart.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = byStart.get(i).value();
            maxEnd[i] = Math.max(i == 0 ? 0 : maxEnd[i - 1], starts[i] + byStart.get(i).size());
        }
        List<NmSymbol> candidates = new ArrayList<>(sized);
        Collections.shuffle(candidates, random);
        int gaps = 0;
        for (NmSymbol s : candidates) {
            long end = s.value() + s.size();
            int i = Arrays.binarySearch(starts, end);
            int last = i >= 0 ? i : -i - 2; // the last start <= end (equal starts: any, since namesAt excludes them)
            if (!namesAt.containsKey(end) && (last < 0 || maxEnd[last] <= end)) {
                assertNull(table.lookup(end), lib + ": gap at 0x" + Long.toHexString(end) + " after " + s);
                if (++gaps == SAMPLE) {
                    break;
                }
            }
        }
        assertTrue(gaps > 10, lib + ": only " + gaps + " gaps checked");
    }

    /** The function symbols nm lists for the library: .symtab, .dynsym and, when the library has no .symtab, its build-id debug file. */
    private static List<NmSymbol> groundTruth(Path lib, ElfSymbolTable table) {
        List<NmSymbol> all = new ArrayList<>(nm(lib, false));
        all.addAll(nm(lib, true));
        boolean hasSymtab = Binutils.run("readelf", "-SW", lib.toString()).stream().anyMatch(l -> l.contains(" SYMTAB "));
        Path debugFile = buildIdDebugFile(lib);
        if (!hasSymtab && debugFile != null && Files.isRegularFile(debugFile)) {
            assertTrue(table.source().contains(debugFile + " (.symtab)"), table.source());
            all.addAll(nm(debugFile, false));
        } else {
            assertFalse(table.source().contains(".debug"), table.source());
        }
        return functions(all);
    }

    /** The distinct addresses of defined FUNC and IFUNC symbols that {@code readelf -sW} lists in the same files as the ground truth. */
    private static Set<Long> functionAddresses(Path lib, ElfSymbolTable table) {
        List<String> files = new ArrayList<>(List.of(lib.toString()));
        Path debugFile = buildIdDebugFile(lib);
        if (debugFile != null && table.source().contains(debugFile.toString())) {
            files.add(debugFile.toString());
        }
        Set<Long> addresses = new HashSet<>();
        for (String file : files) {
            for (String line : Binutils.run("readelf", "-sW", file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && (f[3].equals("FUNC") || f[3].equals("IFUNC")) && !f[6].equals("UND") && !f[6].equals("ABS")) {
                    addresses.add(Long.parseUnsignedLong(f[1], 16));
                }
            }
        }
        return addresses;
    }

    private static List<NmSymbol> functions(List<NmSymbol> symbols) {
        return symbols.stream().filter(NmSymbol::isFunction).collect(Collectors.toList());
    }

    /** {@code nm -S --defined-only}, with {@code -D} for {@code .dynsym} (version suffixes dropped). */
    static List<NmSymbol> nm(Path file, boolean dynamic) {
        List<String> lines = dynamic
                ? Binutils.run("nm", "-D", "-S", "--defined-only", file.toString())
                : Binutils.run("nm", "-S", "--defined-only", file.toString());
        List<NmSymbol> symbols = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 4);
            if (f.length == 4 && f[2].length() == 1) {
                symbols.add(new NmSymbol(Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16), f[2].charAt(0), unversioned(f[3])));
            } else if (f.length == 3 && f[1].length() == 1) {
                symbols.add(new NmSymbol(Long.parseUnsignedLong(f[0], 16), 0, f[1].charAt(0), unversioned(f[2])));
            } else if (!line.isBlank()) {
                fail("unexpected nm line: " + line);
            }
        }
        return symbols;
    }

    private static String unversioned(String name) {
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }

    /** {@code /usr/lib/debug/.build-id/xx/yyyy.debug} from the build-id readelf shows, or null when it shows none. */
    static Path buildIdDebugFile(Path lib) {
        for (String line : Binutils.run("readelf", "-nW", lib.toString())) {
            int at = line.indexOf("Build ID: ");
            if (at >= 0) {
                String id = line.substring(at + "Build ID: ".length()).trim();
                return DEBUG_ROOT.resolve(".build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
            }
        }
        return null;
    }

    private static Path library(String name) {
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu")) {
            Path p = Path.of(dir, name);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " not found in /usr/lib/x86_64-linux-gnu or /lib/x86_64-linux-gnu");
    }
}
