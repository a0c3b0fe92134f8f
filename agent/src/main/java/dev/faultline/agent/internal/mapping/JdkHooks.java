package dev.faultline.agent.internal.mapping;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The places in the JDK where mappings are made and freed, as checked against the JDK 17
 * and 25 class files: {@code FileChannelImpl.map}, the direct buffer's deallocator
 * constructor (the buffer's address and capacity are its arguments), the FFM native
 * allocation and file mapping (Java 22+), and the two releases ({@code Unmapper.unmap},
 * {@code Deallocator.run}).
 *
 * <p>Each hook reads the address through the JDK's own accessor ({@code
 * DirectBuffer.address()}, {@code MemorySegment.address()}) or from the hooked method's
 * own arguments and fields; a hook whose accessor this JVM lacks is not used, and {@link
 * #problems()} says so.
 */
final class JdkHooks {
    static final String FILE_CHANNEL = "sun/nio/ch/FileChannelImpl";
    static final String UNMAPPER = "sun/nio/ch/FileChannelImpl$Unmapper";
    static final String DEALLOCATOR = "java/nio/DirectByteBuffer$Deallocator";
    static final String SEGMENT_FACTORIES = "jdk/internal/foreign/SegmentFactories";
    /** Java 22 made the FFM API final; before it, these classes differ or are previews. */
    static final int FFM = 22;

    private static final List<String> PATH = List.of("path:Ljava/lang/String;");

    private final List<JdkHook> hooks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private JdkHooks() {
    }

    /** The hooks for a JVM of this feature release (the one that runs this code). */
    static JdkHooks forFeature(int feature) {
        JdkHooks h = new JdkHooks();
        if (h.require("FileChannel.map", hasMethod("sun.nio.ch.DirectBuffer", "address"))) {
            h.add("FileChannel.map", FILE_CHANNEL, "map",
                    "(Ljava/nio/channels/FileChannel$MapMode;JJ)Ljava/nio/MappedByteBuffer;",
                    JdkHook.Position.BEFORE_RETURN, PATH, 17, HookCode.FILE_MAP);
        }
        h.add("unmap of FileChannel.map", UNMAPPER, "unmap", "()V", JdkHook.Position.ENTRY,
                List.of("address:J", "pagePosition:I"), 17, HookCode.UNMAP);
        // the deallocator's constructor, not the buffer's: DirectByteBuffer is loaded before any
        // agent starts (its hook would need a retransformation of a large class), Deallocator
        // loads with the first direct buffer
        h.add("ByteBuffer.allocateDirect", DEALLOCATOR, "<init>", "(JJI)V", JdkHook.Position.ENTRY, List.of(), 17,
                HookCode.DIRECT_BUFFER);
        h.add("free of a direct buffer", DEALLOCATOR, "run", "()V", JdkHook.Position.ENTRY,
                List.of("address:J"), 17, HookCode.DEALLOCATE);
        if (feature >= FFM) {
            h.add("FileChannel.map(..., Arena)", FILE_CHANNEL, "map",
                    "(Ljava/nio/channels/FileChannel$MapMode;JJLjava/lang/foreign/Arena;)"
                            + "Ljava/lang/foreign/MemorySegment;",
                    JdkHook.Position.BEFORE_RETURN, PATH, FFM, HookCode.FFM_FILE_MAP);
            // JDK 25: allocateNativeSegment(JJLMemorySessionImpl;ZZ)LNativeMemorySegmentImpl;
            h.add("Arena.allocate", SEGMENT_FACTORIES, "allocateNativeSegment",
                    Pattern.compile("\\(JJLjdk/internal/foreign/MemorySessionImpl;[ZJ]*\\)"
                            + "L(jdk/internal/foreign/NativeMemorySegmentImpl|java/lang/foreign/MemorySegment);"),
                    JdkHook.Position.BEFORE_RETURN, List.of(), FFM, HookCode.FFM_ALLOCATION);
        }
        return h;
    }

    /** The hooks that can be used on this JVM. */
    List<JdkHook> hooks() {
        return hooks;
    }

    /** The hooks this JVM lacks an accessor for, each with why. */
    List<String> problems() {
        return problems;
    }

    private void add(String description, String className, String methodName, String descriptor,
                     JdkHook.Position position, List<String> fields, int sinceFeature, HookCode code) {
        hooks.add(new JdkHook(description, className, methodName, descriptor, position, fields, sinceFeature, code));
    }

    private void add(String description, String className, String methodName, Pattern descriptors,
                     JdkHook.Position position, List<String> fields, int sinceFeature, HookCode code) {
        hooks.add(new JdkHook(description, className, methodName, descriptors, position, fields, sinceFeature, code));
    }

    private boolean require(String what, String problem) {
        if (problem != null) {
            problems.add(what + ": " + problem);
        }
        return problem == null;
    }

    private static String hasMethod(String className, String name) {
        try {
            Method m = Class.forName(className, false, null).getMethod(name);
            return m.getReturnType() == long.class ? null : className + "." + name + "() does not return a long";
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return "this JVM has no " + className + "." + name + "()";
        }
    }
}
