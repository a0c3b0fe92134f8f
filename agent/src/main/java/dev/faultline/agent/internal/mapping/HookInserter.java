package dev.faultline.agent.internal.mapping;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts the {@link JdkHook}s of one class into its methods as ASM visits the class. A hook
 * whose method is absent, or whose field the class does not declare, is left out (and
 * the caller learns which were put in from {@link #applied()}).
 */
final class HookInserter extends ClassVisitor {
    private final List<JdkHook> hooks;
    private final Set<String> fields = new HashSet<>();
    private final List<JdkHook> applied = new ArrayList<>();

    HookInserter(ClassVisitor next, List<JdkHook> hooks) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        // ASM visits all fields before the first method
        fields.add(name + ":" + descriptor);
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return mv;
        }
        for (JdkHook hook : hooks) {
            if (hook.matches(name, descriptor) && fields.containsAll(hook.requiredFields)) {
                applied.add(hook);
                mv = new HookedMethod(mv, hook);
            }
        }
        return mv;
    }

    /** The hooks that went in. */
    List<JdkHook> applied() {
        return applied;
    }

    /** One method with one hook: the code at entry or before every return, and room for it on the stack. */
    private static final class HookedMethod extends MethodVisitor {
        private final JdkHook hook;

        HookedMethod(MethodVisitor next, JdkHook hook) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (hook.position == JdkHook.Position.ENTRY) {
                hook.code.emit(mv);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (hook.position == JdkHook.Position.BEFORE_RETURN && opcode >= Opcodes.IRETURN
                    && opcode <= Opcodes.RETURN) {
                hook.code.emit(mv);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + hook.code.extraStack, maxLocals);
        }
    }
}
