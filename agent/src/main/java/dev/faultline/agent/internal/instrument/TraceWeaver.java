package dev.faultline.agent.internal.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AnalyzerAdapter;

import java.util.Map;

/**
 * Rewrites one class file: the chosen methods get the probe calls of
 * {@link TracedMethodWeaver}; everything else is copied unchanged. No field, method or
 * interface is added (so a loaded class can be retransformed), and no class is loaded
 * while weaving (frames are written from the class file's own, never computed).
 */
final class TraceWeaver {
    private TraceWeaver() {
    }

    /**
     * The woven class file.
     *
     * @param ids method name + descriptor (e.g. {@code load(Ljava/lang/String;)V}) to the method's id
     */
    static byte[] weave(byte[] original, Map<String, Integer> ids) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;
            private boolean frames;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner = name;
                frames = (version & 0xFFFF) >= Opcodes.V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                Integer id = ids.get(name + descriptor);
                if (id == null || next == null) {
                    return next;
                }
                AnalyzerAdapter analyzer = frames
                        ? new AnalyzerAdapter(owner, access, name, descriptor, next) : null;
                return new TracedMethodWeaver(next, analyzer, owner, access, name, descriptor, id);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }
}
