package dev.faultline.agent.internal.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The few FFM calls the tracker makes on a {@code MemorySegment} (Java 22+), through
 * method handles, since the agent is compiled for Java 17: its size, its scope (the arena
 * whose lifetime is the memory's), and whether that scope is alive. All public API.
 */
final class Segments {
    private final MethodHandle byteSize;
    private final MethodHandle scope;
    private final MethodHandle isAlive;

    private Segments(MethodHandle byteSize, MethodHandle scope, MethodHandle isAlive) {
        this.byteSize = byteSize;
        this.scope = scope;
        this.isAlive = isAlive;
    }

    /** The calls on this JVM, or {@code null} where it has no FFM API. */
    static Segments lookUp() {
        try {
            ClassLoader boot = null;
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment", false, boot);
            Class<?> scopeType = Class.forName("java.lang.foreign.MemorySegment$Scope", false, boot);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new Segments(
                    lookup.findVirtual(segment, "byteSize", MethodType.methodType(long.class))
                            .asType(MethodType.methodType(long.class, Object.class)),
                    lookup.findVirtual(segment, "scope", MethodType.methodType(scopeType))
                            .asType(MethodType.methodType(Object.class, Object.class)),
                    lookup.findVirtual(scopeType, "isAlive", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    long byteSize(Object segment) throws Throwable {
        return (long) byteSize.invokeExact(segment);
    }

    Object scope(Object segment) throws Throwable {
        return (Object) scope.invokeExact(segment);
    }

    boolean isAlive(Object scope) throws Throwable {
        return (boolean) isAlive.invokeExact(scope);
    }
}
