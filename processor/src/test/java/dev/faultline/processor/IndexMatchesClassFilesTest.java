package dev.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.faultline.processor.TestSources.index;
import static dev.faultline.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every line of the index names a method that the class files javac wrote really have,
 * with that descriptor: the JVM, not the processor, says what the descriptors are.
 */
class IndexMatchesClassFilesTest {
    @Test
    void everyIndexedMethodExistsInItsClassFileWithThatDescriptor() throws ClassNotFoundException {
        Compilation compilation = TraceIndexContentTest.compile(
                source("com.acme.Store", TraceIndexContentTest.STORE),
                source("com.acme.Shapes", TraceIndexContentTest.SHAPES));
        assertThat(compilation).succeeded();
        ClassLoader loader = new CompiledClasses(compilation);

        String[] lines = index(compilation).orElseThrow().split("\n");
        assertEquals(15, lines.length, "header and 14 lines");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split("\t", -1);
            Class<?> type = Class.forName(fields[0], false, loader);
            assertTrue(descriptors(type, fields[1]).contains(fields[2]),
                    lines[i] + ": " + fields[0] + " has " + fields[1] + " only as " + descriptors(type, fields[1]));
        }
    }

    /** The descriptors of {@code type}'s declared methods (or constructors, for {@code <init>}) named {@code name}. */
    private static Set<String> descriptors(Class<?> type, String name) {
        Set<String> found = new HashSet<>();
        if (name.equals("<init>")) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                found.add(MethodType.methodType(void.class, constructor.getParameterTypes()).toMethodDescriptorString());
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                found.add(MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                        .toMethodDescriptorString());
            }
        }
        return found;
    }

    /** Loads the classes a compilation wrote to memory. */
    private static final class CompiledClasses extends ClassLoader {
        private final Map<String, byte[]> classes = new HashMap<>();

        CompiledClasses(Compilation compilation) {
            super(IndexMatchesClassFilesTest.class.getClassLoader());
            for (JavaFileObject file : compilation.generatedFiles()) {
                String path = file.toUri().getPath();
                int root = path.indexOf("CLASS_OUTPUT/");
                if (file.getKind() == JavaFileObject.Kind.CLASS && root >= 0) {
                    String name = path.substring(root + "CLASS_OUTPUT/".length(), path.length() - ".class".length());
                    classes.put(name.replace('/', '.'), read(file));
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        private static byte[] read(JavaFileObject file) {
            try (InputStream in = file.openInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
