package dev.faultline.agent.internal.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The transformer on the class files of the JDK that runs the tests: every hook finds its
 * method, each return of a hooked method calls the probe, nothing else changes, and what
 * cannot be hooked is said, not hidden.
 */
class MappingTransformerTest {
    private static final Runnable NO_OP = () -> { };

    private static final int FEATURE = Runtime.version().feature();
    private static final String PROBE = "dev/faultline/agent/bootstrap/MappingProbe";
    private static final String DIRECT_BUFFER = "java/nio/DirectByteBuffer";

    static byte[] jdkClass(String internalName) throws IOException {
        // class files are readable as resources even in java.base's closed packages
        try (InputStream in = Object.class.getResourceAsStream("/" + internalName + ".class")) {
            assertNotNull(in, internalName);
            return in.readAllBytes();
        }
    }

    private static byte[] transform(MappingTransformer t, String internalName) throws IOException {
        return t.transform(null, internalName, null, null, jdkClass(internalName));
    }

    @Test
    void everyHookForThisJdkFindsItsMethod() throws IOException {
        JdkHooks hooks = JdkHooks.forFeature(FEATURE);
        assertEquals(List.of(), hooks.problems());
        MappingTransformer t = new MappingTransformer(hooks.hooks(), NO_OP, NO_OP);
        for (String name : t.classNames()) {
            assertNotNull(transform(t, name.replace('.', '/')), name);
        }
        assertEquals(List.of(), t.notApplied(FEATURE));
        assertEquals(hooks.hooks().size(), t.applied().size());
    }

    @Test
    void eachReturnOfAHookedMethodCallsTheProbeAndNoOtherMethodChanges() throws IOException {
        MappingTransformer t = new MappingTransformer(JdkHooks.forFeature(FEATURE).hooks(), NO_OP, NO_OP);
        String fileChannel = JdkHooks.FILE_CHANNEL;
        Map<String, int[]> before = census(jdkClass(fileChannel));
        Map<String, int[]> after = census(transform(t, fileChannel));

        String map = "map(Ljava/nio/channels/FileChannel$MapMode;JJ)Ljava/nio/MappedByteBuffer;";
        int returns = before.get(map)[0];
        assertTrue(returns >= 2, "returns of map: " + returns);
        assertEquals(0, before.get(map)[1]);
        assertEquals(returns, after.get(map)[1], "one probe call before each return");
        assertEquals(before.get(map)[2] + HookCode.FILE_MAP.extraStack, after.get(map)[2], "max stack");
        int hooked = 0;
        for (Map.Entry<String, int[]> e : before.entrySet()) {
            if (after.get(e.getKey())[1] > 0) {
                hooked++;
                continue;
            }
            assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey());
        }
        assertEquals(FEATURE >= JdkHooks.FFM ? 2 : 1, hooked, "the two map methods (one before Java 22)");
    }

    @Test
    void freesCallTheProbeFirst() throws IOException {
        MappingTransformer t = new MappingTransformer(JdkHooks.forFeature(FEATURE).hooks(), NO_OP, NO_OP);
        assertEquals(1, census(transform(t, JdkHooks.DEALLOCATOR)).get("run()V")[1]);
        assertEquals(1, census(transform(t, JdkHooks.UNMAPPER)).get("unmap()V")[1]);
        assertEquals(1, census(transform(t, JdkHooks.DEALLOCATOR)).get("<init>(JJI)V")[1]);
    }

    @Test
    void theDirectBufferHookReadsOnlyTheConstructorsArgumentsAndPassesTheVerifier() throws Exception {
        MappingTransformer t = new MappingTransformer(JdkHooks.forFeature(FEATURE).hooks(), NO_OP, NO_OP);
        ClassNode hooked = new ClassNode();
        new ClassReader(transform(t, JdkHooks.DEALLOCATOR)).accept(hooked, 0);
        for (MethodNode method : hooked.methods) {
            new Analyzer<>(new SimpleVerifier()).analyze(hooked.name, method); // throws on a type error
        }
        MethodNode constructor = null;
        for (MethodNode method : hooked.methods) {
            if (method.name.equals("<init>") && method.desc.equals("(JJI)V")) {
                constructor = method;
            }
        }
        assertNotNull(constructor);
        // before the constructor's first instruction of its own: the address, the capacity, the kind, the call
        List<String> entry = new ArrayList<>();
        for (AbstractInsnNode insn = constructor.instructions.getFirst(); entry.size() < 5; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                entry.add(insn.getOpcode() + (insn instanceof VarInsnNode ? " " + ((VarInsnNode) insn).var : "")
                        + (insn instanceof MethodInsnNode ? " " + ((MethodInsnNode) insn).owner + "."
                        + ((MethodInsnNode) insn).name + ((MethodInsnNode) insn).desc : ""));
            }
        }
        assertEquals(List.of(Opcodes.LLOAD + " 1", Opcodes.ILOAD + " 5", String.valueOf(Opcodes.I2L),
                String.valueOf(Opcodes.BIPUSH), Opcodes.INVOKESTATIC + " " + PROBE + ".allocated(JJI)V"), entry);
    }

    @Test
    void classesOfOtherLoadersAndOtherClassesAreLeftAlone() throws IOException {
        MappingTransformer t = new MappingTransformer(JdkHooks.forFeature(FEATURE).hooks(), NO_OP, NO_OP);
        ClassLoader loader = new URLClassLoader(new URL[0]);
        assertNull(t.transform(loader, JdkHooks.DEALLOCATOR, null, null, jdkClass(JdkHooks.DEALLOCATOR)));
        assertNull(transform(t, DIRECT_BUFFER), "the buffer itself is not hooked (its deallocator is)");
        assertNull(transform(t, "java/nio/ByteBuffer"));
    }

    @Test
    void aClassFileTooNewToReadIsLeftAsItIsAndSaysWhy() throws IOException {
        MappingTransformer t = new MappingTransformer(JdkHooks.forFeature(FEATURE).hooks(), NO_OP, NO_OP);
        byte[] future = jdkClass(JdkHooks.DEALLOCATOR);
        future[6] = 0;
        future[7] = 127; // major version 127
        assertNull(t.transform(null, JdkHooks.DEALLOCATOR, null, null, future));
        assertTrue(t.notApplied(FEATURE).contains(
                "free of a direct buffer: java.lang.IllegalArgumentException: Unsupported class file major version 127"),
                t.notApplied(FEATURE)::toString);
    }

    @Test
    void aMethodThisJdkLacksOrAMissingClassIsReported() throws IOException {
        JdkHook absent = new JdkHook("noSuchMethod", DIRECT_BUFFER, "noSuchMethod",
                Pattern.compile("\\(\\)V"), JdkHook.Position.ENTRY, List.of(), 17, HookCode.DEALLOCATE);
        JdkHook noField = new JdkHook("noSuchField", JdkHooks.DEALLOCATOR, "run", Pattern.compile("\\(\\)V"),
                JdkHook.Position.ENTRY, List.of("nosuchfield:J"), 17, HookCode.DEALLOCATE);
        JdkHook later = new JdkHook("later", "java/nio/NoSuchClass", "x", Pattern.compile("\\(\\)V"),
                JdkHook.Position.ENTRY, List.of(), 99, HookCode.DEALLOCATE);
        JdkHook notLoaded = new JdkHook("notLoaded", "java/nio/NoSuchClass", "x", Pattern.compile("\\(\\)V"),
                JdkHook.Position.ENTRY, List.of(), 17, HookCode.DEALLOCATE);
        MappingTransformer t = new MappingTransformer(List.of(absent, noField, later, notLoaded), NO_OP, NO_OP);
        assertNull(transform(t, DIRECT_BUFFER));
        assertNull(transform(t, JdkHooks.DEALLOCATOR));
        assertEquals(List.of("noSuchMethod: no method noSuchMethod with the expected descriptor and fields in"
                + " java/nio/DirectByteBuffer",
                "noSuchField: no method run with the expected descriptor and fields in java/nio/DirectByteBuffer$Deallocator",
                "notLoaded: class java/nio/NoSuchClass not found"), t.notApplied(FEATURE));
        // at start-up only the classes seen are reported; the look-up for absent ones comes later
        assertEquals(t.notApplied(FEATURE).subList(0, 2), t.notAppliedToSeen(FEATURE));
        assertEquals(List.of("notLoaded: class java/nio/NoSuchClass not found"), t.missingClasses(FEATURE));
    }

    /** Per method (name + descriptor): returns, calls of the probe, max stack. */
    private static Map<String, int[]> census(byte[] classFile) {
        Map<String, int[]> methods = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                int[] counts = new int[3];
                methods.put(name + descriptor, counts);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                            counts[0]++;
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        if (owner.equals(PROBE)) {
                            counts[1]++;
                        }
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        counts[2] = maxStack;
                    }
                };
            }
        }, 0);
        return methods;
    }
}
