package dev.faultline.agent.internal.options;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputPathTest {
    @TempDir
    Path dir;

    @Test
    void aFileInAnExistingFolderIsFineAndNothingIsMade() {
        assertNull(OutputPath.prepare(dir.resolve("r.md")));
        assertFalse(Files.exists(dir.resolve("r.md")));
    }

    @Test
    void missingParentFoldersAreMade() {
        Path report = dir.resolve("a/b/c/r.md");
        assertNull(OutputPath.prepare(report));
        assertTrue(Files.isDirectory(dir.resolve("a/b/c")));
        assertFalse(Files.exists(report));
    }

    @Test
    void checkingNamesAMissingFolderAndMakesNone() {
        Path sink = dir.resolve("a/b/x.log");
        assertEquals("folder '" + dir.resolve("a/b") + "' does not exist", OutputPath.check(sink));
        assertFalse(Files.exists(dir.resolve("a")));
        assertNull(OutputPath.check(dir.resolve("x.log")));
    }

    @Test
    void aParentThatIsAFileIsNamedEvenWhenFoldersBelowItAreMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertEquals("parent '" + file + "' is a file", OutputPath.prepare(file.resolve("r.md")));
        assertEquals("parent '" + file + "' is a file", OutputPath.prepare(file.resolve("sub/deeper/r.md")));
    }

    @Test
    void aFolderInThePlaceOfTheFileIsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("r.md"));
        assertEquals("'" + folder + "' is a folder", OutputPath.prepare(folder));
    }

    @Test
    void aFolderThatIsNotWritableIsNamed() {
        // /proc/self refuses new files, for root too (which every other permission lets through)
        assertEquals("folder '/proc/self' is not writable", OutputPath.prepare(Path.of("/proc/self/r.md")));
    }
}
