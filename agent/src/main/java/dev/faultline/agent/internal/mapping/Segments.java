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
    private Segments() {
    }

    /**
     * The calls on this JVM, or {@code null} where it has no FFM API. The method handles
     * are made at the first FFM mapping (making them spins method handle classes: some
     * milliseconds of start-up that most applications never need).
     */
    static Segments lookUp() {
        try {
            Class.forName("java.lang.foreign.MemorySegment", false, null);
            Class.forName("java.lang.foreign.MemorySegment$Scope", false, null);
            return new Segments();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    long byteSize(Object segment) throws Throwable {
        return (long) Handles.BYTE_SIZE.invokeExact(segment);
    }

    Object scope(Object segment) throws Throwable {
        return (Object) Handles.SCOPE.invokeExact(segment);
    }

    boolean isAlive(Object scope) throws Throwable {
        return (boolean) Handles.IS_ALIVE.invokeExact(scope);
    }

    /** The handles, made when first used; a JVM whose FFM API lacks them fails there (the tracker says so once). */
    private static final class Handles {
        static final MethodHandle BYTE_SIZE;
        static final MethodHandle SCOPE;
        static final MethodHandle IS_ALIVE;

        static {
            try {
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment", false, null);
                Class<?> scopeType = Class.forName("java.lang.foreign.MemorySegment$Scope", false, null);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                BYTE_SIZE = lookup.findVirtual(segment, "byteSize", MethodType.methodType(long.class))
                        .asType(MethodType.methodType(long.class, Object.class));
                SCOPE = lookup.findVirtual(segment, "scope", MethodType.methodType(scopeType))
                        .asType(MethodType.methodType(Object.class, Object.class));
                IS_ALIVE = lookup.findVirtual(scopeType, "isAlive", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this JVM's FFM API lacks a call the tracker needs: " + e, e);
            }
        }

        private Handles() {
        }
    }
}
