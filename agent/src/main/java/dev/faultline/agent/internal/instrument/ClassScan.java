package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.internal.options.DumpMode;
import dev.faultline.agent.internal.options.MethodOptions;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/**
 * What instrumentation needs to know of a class file, read without loading anything: its
 * methods (name, descriptor, access) and the {@code @Trace} annotations on them and on the
 * type, with the values written in the source.
 */
final class ClassScan {
    /** {@code @Trace}'s descriptor, matched as a string (the annotation is never loaded). */
    static final String TRACE_DESCRIPTOR = "Ldev/faultline/annotation/Trace;";
    private static final String TOGGLE_DESCRIPTOR = "Ldev/faultline/annotation/Trace$Toggle;";

    /** One method of the class. */
    static final class Method {
        final int access;
        final String name;
        final String descriptor;
        /** The method's own {@code @Trace} values, or {@code null} when it carries none. */
        MethodOptions trace;
        /** Bad {@code @Trace} values, reported once (the processor rejects them at compile time). */
        String problem;

        Method(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }

        /** Whether the method has a body that can be traced (not abstract, native, a bridge, synthetic or an initializer). */
        boolean traceable() {
            return untraceable() == null;
        }

        /** Why the method cannot be traced, in words for a user; {@code null} when it can. */
        String untraceable() {
            if (name.equals("<clinit>")) {
                return "a class initializer (<clinit>), which the agent does not trace";
            }
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                return "native: it has no bytecode to instrument";
            }
            if ((access & Opcodes.ACC_ABSTRACT) != 0) {
                return "abstract: trace the classes that implement it";
            }
            if ((access & Opcodes.ACC_BRIDGE) != 0) {
                return "a bridge method that the compiler made: trace the method it calls";
            }
            if ((access & Opcodes.ACC_SYNTHETIC) != 0) {
                return "synthetic (made by the compiler" + (name.startsWith("lambda$") ? ", a lambda's body" : "")
                        + "): trace the method whose code it holds";
            }
            return null;
        }
    }

    final String className;
    final int access;
    final List<Method> methods = new ArrayList<>();
    /** The type's {@code @Trace} values, or {@code null}. */
    MethodOptions typeTrace;
    /** {@code @Trace(constructors = true)} on the type. */
    boolean typeConstructors;
    String typeProblem;

    private ClassScan(String className, int access) {
        this.className = className;
        this.access = access;
    }

    /** Reads a class file; throws what ASM throws for a malformed or too new one. */
    static ClassScan of(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassScan[] result = new ClassScan[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                result[0] = new ClassScan(name.replace('/', '.'), access);
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (!TRACE_DESCRIPTOR.equals(descriptor)) {
                    return null;
                }
                ClassScan scan = result[0];
                return new TraceValues(scan, null);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                Method method = new Method(access, name, descriptor);
                result[0].methods.add(method);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        return TRACE_DESCRIPTOR.equals(annotation) ? new TraceValues(null, method) : null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return result[0];
    }

    /** Whether the class file mentions {@code @Trace} at all: a byte search, no parsing. */
    static boolean mentionsTrace(byte[] bytes) {
        return indexOf(bytes, TRACE_BYTES) >= 0;
    }

    private static final byte[] TRACE_BYTES = TRACE_DESCRIPTOR.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static int indexOf(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Collects one {@code @Trace}'s explicit values into {@link MethodOptions}, for the class
     * ({@code type}) or one method.
     */
    private static final class TraceValues extends AnnotationVisitor {
        private final ClassScan type;
        private final Method method;
        private DumpMode dump;
        private Integer depth;
        private Boolean nativeFrames;
        private Integer every;
        private Boolean memory;
        private String label;
        private String bad;

        TraceValues(ClassScan type, Method method) {
            super(Opcodes.ASM9);
            this.type = type;
            this.method = method;
        }

        @Override
        public void visit(String name, Object value) {
            switch (name) {
                case "dump":
                    String text = String.valueOf(value);
                    if (!text.isEmpty()) {
                        dump = DumpMode.parse(text);
                        if (dump == null) {
                            bad = "dump = \"" + text + "\" (accepted: entry, exit, error, none)";
                        }
                    }
                    break;
                case "depth":
                    depth = positive("depth", value);
                    break;
                case "every":
                    every = positive("every", value);
                    break;
                case "label":
                    label = String.valueOf(value).isEmpty() ? null : String.valueOf(value);
                    break;
                case "constructors":
                    if (type != null) {
                        type.typeConstructors = Boolean.TRUE.equals(value);
                    }
                    break;
                default:
                    break; // an element of a newer @Trace: not known to this agent
            }
        }

        private Integer positive(String name, Object value) {
            int n = value instanceof Integer ? (Integer) value : 0;
            if (n < 1) {
                bad = name + " = " + value + " (accepted: 1 or more)";
                return null;
            }
            return n;
        }

        @Override
        public void visitEnum(String name, String descriptor, String value) {
            if (!TOGGLE_DESCRIPTOR.equals(descriptor) || value.equals("DEFAULT")) {
                return;
            }
            Boolean on = value.equals("ON") ? Boolean.TRUE : value.equals("OFF") ? Boolean.FALSE : null;
            if ("nativeFrames".equals(name)) {
                nativeFrames = on;
            } else if ("memory".equals(name)) {
                memory = on;
            }
        }

        @Override
        public void visitEnd() {
            MethodOptions options = new MethodOptions(dump, depth, nativeFrames, every, memory, label);
            if (type != null) {
                type.typeTrace = options;
                if (bad != null) {
                    type.typeProblem = bad;
                }
            } else {
                method.trace = options;
                if (bad != null) {
                    method.problem = bad;
                }
            }
        }
    }
}
