package dev.faultline.nativebridge.internal.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Finds the detached debug file of a stripped ELF file, the way gdb does: first by GNU
 * build-id under the debug root, then by the name in {@code .gnu_debuglink} next to the
 * file, in its {@code .debug} folder, and under the debug root.
 */
final class DebugFileFinder {

    private DebugFileFinder() {
    }

    /** The debug file that belongs to {@code elf}, or {@code null} when none is found. */
    static Path find(ElfReader elf, Path debugRoot) throws IOException {
        byte[] buildId = elf.buildId();
        if (buildId != null && buildId.length >= 2) {
            String hex = hex(buildId);
            Path byId = debugRoot.resolve(".build-id").resolve(hex.substring(0, 2)).resolve(hex.substring(2) + ".debug");
            if (Files.isRegularFile(byId)) {
                return byId; // named by the build-id, so it matches by construction
            }
        }
        ElfReader.DebugLink link = elf.debugLink();
        if (link == null || link.fileName().indexOf('/') >= 0) {
            return null;
        }
        for (Path candidate : debugLinkCandidates(elf.path(), debugRoot, link.fileName())) {
            if (Files.isRegularFile(candidate) && !isSameFile(candidate, elf.path()) && matches(candidate, buildId, link.crc())) {
                return candidate;
            }
        }
        return null;
    }

    private static List<Path> debugLinkCandidates(Path file, Path debugRoot, String name) {
        Path real;
        try {
            real = file.toRealPath(); // also resolves /proc/self/map_files links to the library's own folder
        } catch (IOException e) {
            real = file.toAbsolutePath();
        }
        Path dir = real.getParent();
        List<Path> candidates = new ArrayList<>(3);
        if (dir == null) {
            return candidates;
        }
        candidates.add(dir.resolve(name));
        candidates.add(dir.resolve(".debug").resolve(name));
        String relative = dir.toString().replaceFirst("^/+", "");
        candidates.add((relative.isEmpty() ? debugRoot : debugRoot.resolve(relative)).resolve(name));
        return candidates;
    }

    /**
     * Whether a debug-link candidate belongs to the file: compared by build-id when both
     * have one (cheap), else by the CRC-32 of the whole candidate that the link records.
     */
    private static boolean matches(Path candidate, byte[] buildId, int crc) {
        try (ElfReader debug = ElfReader.open(candidate)) {
            byte[] debugId = debug.buildId();
            if (buildId != null && debugId != null) {
                return Arrays.equals(buildId, debugId);
            }
            CRC32 sum = new CRC32();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (long at = 0; at < debug.fileSize(); at += buffer.limit()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), debug.fileSize() - at));
                debug.readFully(buffer, at);
                sum.update(buffer);
            }
            return (int) sum.getValue() == crc;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
