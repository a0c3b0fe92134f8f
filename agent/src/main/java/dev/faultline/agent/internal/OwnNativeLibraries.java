package dev.faultline.agent.internal;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Keeps the agent's JNR-FFI and jffi to the agent's own class loader.
 *
 * <p>jffi looks for its stub loader in the system class loader first, and JNR for its
 * finalizer likewise (directly, and through a new loader whose parent is the system
 * loader): in an application that has its own JNR or jffi, the agent would
 * initialise and use the application's copies (loading the application's native stub,
 * of another version, and making JDK 24+ blame the application's jar). Before the agent
 * touches JNR, a transformer that applies only to classes of the agent's own loader
 * rewrites those two lookups: {@code Init.getClassLoaders()} returns jffi's own loader
 * alone, and the finalizer loaders that go through the system loader return
 * {@code null}, so JNR loads its finalizer from its own loader.
 */
final class OwnNativeLibraries implements ClassFileTransformer {
    private static final String INIT = "com/kenai/jffi/Init";
    private static final String SYSTEM_LOADER = "jnr/ffi/util/ref/FinalizableReferenceQueue$SystemLoader";
    private static final String DECOUPLED_LOADER = "jnr/ffi/util/ref/FinalizableReferenceQueue$DecoupledLoader";

    private final ClassLoader own = OwnNativeLibraries.class.getClassLoader();

    static void install(Instrumentation instrumentation) {
        instrumentation.addTransformer(new OwnNativeLibraries());
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        if (loader != own || name == null) {
            return null;
        }
        try {
            if (name.equals(INIT)) {
                return replaceBody(bytes, "getClassLoaders", "()Ljava/util/List;", true);
            }
            if (name.equals(SYSTEM_LOADER) || name.equals(DECOUPLED_LOADER)) {
                return replaceBody(bytes, "loadFinalizer", "()Ljava/lang/Class;", false);
            }
        } catch (RuntimeException e) {
            System.err.println("faultline: warning: cannot keep " + name.replace('/', '.')
                    + " to the agent's loader: " + e);
        }
        return null;
    }

    /** The new code: jffi's own loader alone ({@code getClassLoaders}), or {@code null} ({@code loadFinalizer}). */
    private static void body(MethodVisitor mv, boolean ownLoaderList) {
        if (ownLoaderList) {
            mv.visitLdcInsn(Type.getObjectType(INIT));
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getClassLoader",
                    "()Ljava/lang/ClassLoader;", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Collections", "singletonList",
                    "(Ljava/lang/Object;)Ljava/util/List;", false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(1, 0);
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(1, 1);
        }
    }

    /** The class with one method's code replaced (the original code is not read). */
    private static byte[] replaceBody(byte[] bytes, String method, String descriptor, boolean ownLoaderList) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                if (!name.equals(method) || !desc.equals(descriptor)) {
                    return mv;
                }
                mv.visitCode();
                body(mv, ownLoaderList);
                mv.visitEnd();
                return null; // the original method's content is skipped
            }
        }, 0);
        return writer.toByteArray();
    }
}
