package dev.faultline.build;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * A build step, run on the jars the agent nests: copies them from one folder to another,
 * and rewrites every class file older than Java 6 (version 49: ASM and jnr-x86asm are
 * compiled for Java 5) as a Java 8 class file with its stack map frames computed. Nothing
 * else changes in the class; the JVM then checks it with the split verifier, which only
 * reads those frames, instead of inferring every type itself (measured: about half of the
 * agent's weaver warm-up went to verifying ASM's classes the old way). A class the upgrade
 * cannot take (JSR/RET, a type it cannot resolve) is copied as it was.
 *
 * <p>Usage: {@code StackMapUpgrade FROM_DIR TO_DIR}; the classes of the jars in FROM_DIR
 * must be on this tool's class path (frames need their supertypes).
 */
public final class StackMapUpgrade {
    private static final int JAVA_6 = 50;

    private StackMapUpgrade() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: StackMapUpgrade FROM_DIR TO_DIR");
        }
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        Files.createDirectories(to);
        int upgraded = 0;
        int kept = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(from, "*.jar")) {
            for (Path jar : jars) {
                int[] counts = copy(jar, to.resolve(jar.getFileName()));
                upgraded += counts[0];
                kept += counts[1];
            }
        }
        System.out.println("StackMapUpgrade: " + upgraded + " class files given stack map frames (Java 8 format), "
                + kept + " left as they were");
    }

    /** Copies one jar, entry by entry; returns {upgraded, kept old}. */
    private static int[] copy(Path source, Path target) throws IOException {
        int[] counts = new int[2];
        try (JarFile in = new JarFile(source.toFile(), false);
             OutputStream file = Files.newOutputStream(target);
             JarOutputStream out = new JarOutputStream(file)) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && major(bytes) < JAVA_6) {
                    byte[] upgraded = upgrade(bytes);
                    if (upgraded != null) {
                        bytes = upgraded;
                        counts[0]++;
                    } else {
                        counts[1]++;
                    }
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return counts;
    }

    private static int major(byte[] classFile) {
        return classFile.length < 8 ? Integer.MAX_VALUE : ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** The class as a Java 8 class file with computed frames, or {@code null} when it cannot be. */
    static byte[] upgrade(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
                }
            }, ClassReader.SKIP_FRAMES);
            return writer.toByteArray();
        } catch (RuntimeException | LinkageError e) {
            System.out.println("StackMapUpgrade: kept " + new ClassReader(classFile).getClassName() + " as it was: " + e);
            return null;
        }
    }
}
