package dev.faultline.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@code FaultlineAgent.copyStored}: the extraction cache's copy of a nested jar, entries stored, not deflated. */
class StoredCopyTest {
    private static final long TIME = 1_700_000_000_000L;

    @Test
    void theCopyHoldsTheSameEntriesInOrderWithTheirBytesAndTimesAllStored(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        entries.put("com/", new byte[0]);
        entries.put("com/acme/", new byte[0]);
        byte[] random = new byte[100_000];
        new Random(42).nextBytes(random);
        entries.put("com/acme/Random.bin", random);
        entries.put("com/acme/Text.txt", "text ".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        entries.put("empty", new byte[0]);

        Path copy = dir.resolve("copy.jar");
        FaultlineAgent.copyStored(new ByteArrayInputStream(deflatedJar(entries)), copy);

        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(copy.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
                assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
                assertEquals(entries.get(entry.getName()).length, entry.getSize(), entry.getName());
                assertEquals(TIME / 2000, entry.getTime() / 2000, entry.getName()); // DOS time: 2 s steps
                try (InputStream in = zip.getInputStream(entry)) {
                    assertArrayEquals(entries.get(entry.getName()), in.readAllBytes(), entry.getName());
                }
            }
        }
        assertEquals(new ArrayList<>(entries.keySet()), names);
        try (JarFile jar = new JarFile(copy.toFile())) {
            assertNotNull(jar.getManifest());
            assertEquals("test", jar.getManifest().getMainAttributes().getValue("Created-By"));
        }
    }

    private static byte[] deflatedJar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(TIME);
                out.putNextEntry(entry); // deflated, sizes in a data descriptor after the data
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
