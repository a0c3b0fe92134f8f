package dev.faultline.processor;

import dev.faultline.annotation.Trace;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles source files to a directory with the processor, as a build tool does: the
 * output directory is also on the class path, so a later compilation sees what an earlier
 * one left there (compile-testing keeps everything in memory and cannot show that).
 */
final class DiskCompiler {
    private DiskCompiler() {
    }

    /** Compiles {@code sources} into {@code out}; the diagnostics, errors and warnings alike. */
    static List<Diagnostic<? extends JavaFileObject>> compile(Path out, Path... sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            String classPath = out + File.pathSeparator + annotationLocation();
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
                    List.of("-d", out.toString(), "-classpath", classPath), null,
                    files.getJavaFileObjects(sources));
            task.setProcessors(List.of(new TraceProcessor()));
            task.call();
        }
        return diagnostics.getDiagnostics();
    }

    /** The index in {@code out}. */
    static String index(Path out) throws IOException {
        return Files.readString(out.resolve("META-INF/faultline/trace-index"), StandardCharsets.UTF_8);
    }

    /** Writes {@code text} to the source file of {@code className} under {@code dir}. */
    static Path write(Path dir, String className, String text) throws IOException {
        Path file = dir.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Path annotationLocation() {
        try {
            return Paths.get(Trace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
