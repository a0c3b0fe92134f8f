package dev.faultline.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Java sources for the tests, the lines of their markers, and the index a compilation wrote. */
final class TestSources {
    private TestSources() {
    }

    /** A source file of class {@code name} with {@code text}. */
    static JavaFileObject source(String name, String text) {
        return JavaFileObjects.forSourceString(name, text);
    }

    /** The 1-based line of {@code text} holding {@code marker}; fails if none or several do. */
    static int lineOf(String text, String marker) {
        String[] lines = text.split("\n", -1);
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("marker '" + marker + "' is on two lines");
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("no line holds '" + marker + "'");
        }
        return found;
    }

    /**
     * The trace index {@code compilation} wrote, if it wrote one. (Looking for a previous
     * index leaves an empty in-memory file that cannot be opened: that is no index.)
     */
    static Optional<String> index(Compilation compilation) {
        return compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/faultline/trace-index")
                .flatMap(file -> {
                    try (InputStream in = file.openInputStream()) {
                        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (FileNotFoundException notWritten) {
                        return Optional.empty();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
