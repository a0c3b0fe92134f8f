package dev.faultline.agent.internal.mapping;

import dev.faultline.agent.bootstrap.MappingProbe;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The instructions each {@link JdkHook} inserts. None of them branches, and each leaves
 * the operand stack as it found it: a hook before a return finds the returned object on
 * the stack, passes a copy and its address to {@code MappingProbe.mapped}; a hook at entry
 * passes the address about to be released to {@code MappingProbe.freed}, or (the direct
 * buffer's deallocator) the address and size just allocated to {@code MappingProbe.allocated}.
 */
enum HookCode {
    /** {@code FileChannelImpl.map}: a {@code MappedByteBuffer}, whose address {@code DirectBuffer.address()} gives. */
    FILE_MAP(5),
    /** {@code FileChannelImpl.map(..., Arena)}: a {@code MemorySegment}. */
    FFM_FILE_MAP(5),
    /** {@code SegmentFactories.allocateNativeSegment}: a {@code MemorySegment}. */
    FFM_ALLOCATION(5),
    /**
     * {@code DirectByteBuffer.Deallocator(long address, long size, int capacity)}, at entry
     * (before the object is initialized, so only the arguments are read): the direct
     * buffer's memory and its capacity. {@code ByteBuffer.allocateDirect} makes one per
     * buffer; its {@code run()} is the free.
     */
    DIRECT_BUFFER(5),
    /**
     * {@code Unmapper.unmap()}: the mapping starts at {@code address}, the buffer or segment
     * that the application sees {@code pagePosition} bytes later.
     */
    UNMAP(4),
    /** {@code Deallocator.run()}: the direct buffer's memory at {@code address}. */
    DEALLOCATE(2);

    private static final String PROBE = "dev/faultline/agent/bootstrap/MappingProbe";

    /** Operand stack slots the code needs beyond the method's own. */
    final int extraStack;

    HookCode(int extraStack) {
        this.extraStack = extraStack;
    }

    /**
     * Emits the code. Tests of {@code this}, not a {@code switch} or a body per constant:
     * each of those is one more class to load on the agent's start-up path.
     */
    void emit(MethodVisitor mv) {
        if (this == FILE_MAP) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitInsn(Opcodes.DUP);
            mv.visitTypeInsn(Opcodes.CHECKCAST, "sun/nio/ch/DirectBuffer");
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "sun/nio/ch/DirectBuffer", "address", "()J", true);
            mapped(mv, MappingProbe.KIND_FILE_MAP, true);
        } else if (this == FFM_FILE_MAP) {
            segment(mv);
            mapped(mv, MappingProbe.KIND_FFM_FILE_MAP, true);
        } else if (this == FFM_ALLOCATION) {
            segment(mv);
            mapped(mv, MappingProbe.KIND_FFM_ALLOCATION, false);
        } else if (this == DIRECT_BUFFER) {
            mv.visitVarInsn(Opcodes.LLOAD, 1); // address
            mv.visitVarInsn(Opcodes.ILOAD, 5); // capacity, as the buffer reports it
            mv.visitInsn(Opcodes.I2L);
            mv.visitIntInsn(Opcodes.BIPUSH, MappingProbe.KIND_DIRECT_BUFFER);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "allocated", "(JJI)V", false);
        } else if (this == UNMAP) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, JdkHooks.UNMAPPER, "address", "J");
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, JdkHooks.UNMAPPER, "pagePosition", "I");
            mv.visitInsn(Opcodes.I2L);
            mv.visitInsn(Opcodes.LADD);
            freed(mv);
        } else { // DEALLOCATE
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, JdkHooks.DEALLOCATOR, "address", "J");
            freed(mv);
        }
    }

    /** Stack: segment → segment, segment, address. */
    private static void segment(MethodVisitor mv) {
        mv.visitInsn(Opcodes.DUP);
        mv.visitInsn(Opcodes.DUP);
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/foreign/MemorySegment", "address", "()J", true);
    }

    /** Stack: owner, address → (nothing), calling {@code MappingProbe.mapped(owner, address, kind, path)}. */
    private static void mapped(MethodVisitor mv, int kind, boolean withPath) {
        mv.visitIntInsn(Opcodes.BIPUSH, kind);
        if (withPath) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, JdkHooks.FILE_CHANNEL, "path", "Ljava/lang/String;");
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "mapped", "(Ljava/lang/Object;JILjava/lang/String;)V", false);
    }

    private static void freed(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "freed", "(J)V", false);
    }
}
