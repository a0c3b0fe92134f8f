package dev.faultline.agent.bootstrap;

/**
 * What {@link MappingProbe} hands the JDK's mapping and freeing calls to: the mapping
 * tracker, installed by the agent. On the bootstrap class path, like the probe.
 */
public interface MappingListener {
    /**
     * The JDK made a mapping or allocation: {@code owner} is the buffer or segment it
     * returned, {@code kind} one of the {@code MappingProbe.KIND_*} constants, {@code file}
     * the mapped file's path or {@code null}.
     */
    void mapped(Object owner, long address, int kind, String file);

    /**
     * The JDK allocated {@code size} bytes at {@code address} for an object that it is still
     * making (a direct buffer: the call comes from its deallocator's constructor, before the
     * buffer is returned); {@code kind} one of the {@code MappingProbe.KIND_*} constants. The
     * memory is released through {@link #freed(long)}.
     */
    void allocated(long address, long size, int kind);

    /** The JDK is about to unmap or free the memory that starts at {@code address}. */
    void freed(long address);
}
