package dev.faultline.agent.internal.instrument;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AnalyzerAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the probe calls into one traced method, in the shape that ByteBuddy's inlined
 * {@code Advice} with {@code suppress = Throwable.class} has:
 *
 * <pre>
 * long token;
 * try { token = Probe.enter(ID); } catch (Throwable t) { token = 0; }
 * try {
 *     ...the method's own code; before each return:
 *     if (token != 0) Probe.exit(ID, token, null);
 * } catch (Throwable thrown) {   // last in the exception table: the method's own handlers come first
 *     if (token != 0) try { Probe.exit(ID, token, thrown); } catch (Throwable ignored) { }
 *     throw thrown;
 * }
 * </pre>
 *
 * Two locals are added right after the parameters ({@code token}, a long, and
 * {@code thrown}); the method's own locals move up by three slots, in the code and in
 * every stack map frame. The probe never throws, so what can escape is only a
 * {@code StackOverflowError} raised by the call itself: on entry it is dropped (the call
 * goes untraced), on an exception exit the original exception is rethrown. The exit call
 * before a return is made only when entry succeeded at the same stack depth, and it is
 * not inside the catch-all, so a return is never turned into an exception by it; the
 * catch-all is left out of constructors, whose {@code this} is uninitialized before the
 * super call (a throwing constructor gets no exit call; its record is dropped later).
 */
final class TracedMethodWeaver extends MethodVisitor {
    private static final String PROBE = "dev/faultline/agent/bootstrap/Probe";
    private static final String THROWABLE = "java/lang/Throwable";
    /** Slots added after the parameters: the token (a long) and the thrown exception. */
    private static final int ADDED = 3;

    private final int id;
    private final boolean constructor;
    private final int paramSlots;
    private final Object[] entryLocals;
    /** Null for class files older than Java 6, which carry no stack map frames. */
    private final AnalyzerAdapter analyzer;
    private final List<Label[]> ranges = new ArrayList<>();
    private Label rangeStart;
    private int rangeInstructions;
    /** Where the entry code starts: it gets the method's first line, so an entry dump shows that line. */
    private final Label entry = new Label();
    private boolean lined;

    TracedMethodWeaver(MethodVisitor next, AnalyzerAdapter analyzer, String owner, int access, String name,
                       String descriptor, int id) {
        super(Opcodes.ASM9, analyzer != null ? analyzer : next);
        this.analyzer = analyzer;
        this.id = id;
        this.constructor = name.equals("<init>");
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        List<Object> locals = new ArrayList<>();
        int slots = 0;
        if (!isStatic) {
            locals.add(constructor ? Opcodes.UNINITIALIZED_THIS : owner);
            slots++;
        }
        for (Type type : Type.getArgumentTypes(descriptor)) {
            locals.add(frameType(type));
            slots += type.getSize();
        }
        this.paramSlots = slots;
        this.entryLocals = locals.toArray();
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN: case Type.BYTE: case Type.CHAR: case Type.SHORT: case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            case Type.ARRAY:
                return type.getDescriptor();
            default:
                return type.getInternalName();
        }
    }

    private int token() {
        return paramSlots;
    }

    private int thrown() {
        return paramSlots + 2;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label callStart = new Label();
        Label callEnd = new Label();
        Label failed = new Label();
        Label store = new Label();
        super.visitTryCatchBlock(callStart, callEnd, failed, THROWABLE);
        super.visitLabel(entry);
        super.visitLabel(callStart);
        push(id);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "enter", "(I)J", false);
        super.visitLabel(callEnd);
        super.visitJumpInsn(Opcodes.GOTO, store);
        super.visitLabel(failed);
        frame(entryLocals, new Object[] {THROWABLE});
        super.visitInsn(Opcodes.POP);
        super.visitInsn(Opcodes.LCONST_0);
        super.visitLabel(store);
        frame(entryLocals, new Object[] {Opcodes.LONG});
        super.visitVarInsn(Opcodes.LSTORE, token());
        startRange();
    }

    private void startRange() {
        rangeStart = new Label();
        super.visitLabel(rangeStart);
        rangeInstructions = 0;
    }

    private void endRange() {
        if (rangeInstructions > 0) { // an exception table entry must not be empty
            Label end = new Label();
            super.visitLabel(end);
            ranges.add(new Label[] {rangeStart, end});
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            endRange();
            exitBeforeReturn();
            super.visitInsn(opcode);
            startRange();
            return;
        }
        rangeInstructions++;
        super.visitInsn(opcode);
    }

    private void exitBeforeReturn() {
        Object[] locals = analyzer == null ? null : frameEntries(analyzer.locals);
        Object[] stack = analyzer == null ? null : frameEntries(analyzer.stack);
        if (analyzer != null && analyzer.locals == null) {
            return; // unreachable code: nothing to trace here, and no frame to describe a jump
        }
        Label skip = new Label();
        super.visitVarInsn(Opcodes.LLOAD, token());
        super.visitInsn(Opcodes.LCONST_0);
        super.visitInsn(Opcodes.LCMP);
        super.visitJumpInsn(Opcodes.IFEQ, skip);
        push(id);
        super.visitVarInsn(Opcodes.LLOAD, token());
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "exit", "(IJL" + THROWABLE + ";)V", false);
        super.visitLabel(skip);
        frame(locals, stack);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        endRange();
        if (!constructor && !ranges.isEmpty()) {
            catchAll();
        }
        super.visitMaxs(maxStack + 4, maxLocals + ADDED);
    }

    private void catchAll() {
        Object[] handlerLocals = new Object[paramSlots + 2];
        java.util.Arrays.fill(handlerLocals, Opcodes.TOP); // the handler uses no parameter: none is claimed
        handlerLocals[paramSlots] = Opcodes.LONG;
        Object[] withThrown = handlerLocals.clone();
        withThrown[paramSlots + 1] = THROWABLE;
        Label handler = new Label();
        Label callStart = new Label();
        Label callEnd = new Label();
        Label rethrow = new Label();
        Label callFailed = new Label();
        super.visitLabel(handler);
        frame(handlerLocals, new Object[] {THROWABLE});
        super.visitVarInsn(Opcodes.ASTORE, thrown());
        super.visitVarInsn(Opcodes.LLOAD, token());
        super.visitInsn(Opcodes.LCONST_0);
        super.visitInsn(Opcodes.LCMP);
        super.visitJumpInsn(Opcodes.IFEQ, rethrow);
        super.visitLabel(callStart);
        push(id);
        super.visitVarInsn(Opcodes.LLOAD, token());
        super.visitVarInsn(Opcodes.ALOAD, thrown());
        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBE, "exit", "(IJL" + THROWABLE + ";)V", false);
        super.visitLabel(callEnd);
        super.visitLabel(rethrow);
        frame(withThrown, new Object[0]);
        super.visitVarInsn(Opcodes.ALOAD, thrown());
        super.visitInsn(Opcodes.ATHROW);
        super.visitLabel(callFailed);
        frame(withThrown, new Object[] {THROWABLE});
        super.visitInsn(Opcodes.POP);
        super.visitVarInsn(Opcodes.ALOAD, thrown());
        super.visitInsn(Opcodes.ATHROW);
        super.visitTryCatchBlock(callStart, callEnd, callFailed, THROWABLE);
        for (Label[] range : ranges) {
            super.visitTryCatchBlock(range[0], range[1], handler, THROWABLE);
        }
    }

    // --- the method's own code, with its locals moved up ---

    @Override
    public void visitLineNumber(int line, Label start) {
        if (!lined) {
            lined = true;
            super.visitLineNumber(line, entry);
        }
        super.visitLineNumber(line, start);
    }

    private int shift(int slot) {
        return slot >= paramSlots ? slot + ADDED : slot;
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
        rangeInstructions++;
        super.visitVarInsn(opcode, shift(slot));
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
        rangeInstructions++;
        super.visitIincInsn(shift(slot), increment);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                   int index) {
        super.visitLocalVariable(name, descriptor, signature, start, end, shift(index));
    }

    @Override
    public org.objectweb.asm.AnnotationVisitor visitLocalVariableAnnotation(int typeRef,
            org.objectweb.asm.TypePath typePath, Label[] start, Label[] end, int[] index, String descriptor,
            boolean visible) {
        int[] shifted = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            shifted[i] = shift(index[i]);
        }
        return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, shifted, descriptor, visible);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("frames must be expanded (ClassReader.EXPAND_FRAMES)");
        }
        List<Object> locals = new ArrayList<>();
        int slots = 0;
        int i = 0;
        for (; i < numLocal && slots < paramSlots; i++) {
            locals.add(local[i]);
            slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        for (; slots < paramSlots; slots++) {
            locals.add(Opcodes.TOP);
        }
        locals.add(Opcodes.LONG);
        locals.add(Opcodes.TOP);
        for (; i < numLocal; i++) {
            locals.add(local[i]);
        }
        super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        rangeInstructions++;
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        rangeInstructions++;
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bootstrap,
                                       Object... arguments) {
        rangeInstructions++;
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        rangeInstructions++;
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        rangeInstructions++;
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        rangeInstructions++;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        rangeInstructions++;
        super.visitLdcInsn(value);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        rangeInstructions++;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        rangeInstructions++;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        rangeInstructions++;
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    // --- helpers ---

    private void frame(Object[] locals, Object[] stack) {
        if (analyzer != null) {
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
        }
    }

    private void push(int value) {
        if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(value <= Byte.MAX_VALUE ? Opcodes.BIPUSH : Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    /** The analyzer's slot list (a long or double followed by TOP) as frame entries (one entry each). */
    private static Object[] frameEntries(List<Object> slots) {
        if (slots == null) {
            return null;
        }
        List<Object> entries = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Object slot = slots.get(i);
            entries.add(slot);
            if (slot == Opcodes.LONG || slot == Opcodes.DOUBLE) {
                i++;
            }
        }
        return entries.toArray();
    }
}
