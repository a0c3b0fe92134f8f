package dev.faultline.agent.internal.mapping;

import java.lang.ref.Reference;

/**
 * One mapping the tracker follows: what made it, where, how big, from where in the
 * application, and its last measured residency. It holds no strong reference to the
 * buffer or segment: only a phantom reference to it, or a weak one to its arena's scope.
 */
public final class TrackedMapping {
    private final MappingKind kind;
    private final long address;
    private final long size;
    private final String file;
    private final String origin;
    private final long createdMillis;
    /** Phantom reference to the owner, or weak reference to an FFM scope; {@code null} in tests. */
    final Reference<Object> handle;

    private volatile long residentBytes = -1;
    private volatile boolean forgotten;

    // the sampler's pass over this mapping, in chunks; touched by the sampling thread only
    long scannedPages;
    long scannedResidentPages;

    TrackedMapping(MappingKind kind, long address, long size, String file, String origin, long createdMillis,
                   Reference<Object> handle) {
        this.kind = kind;
        this.address = address;
        this.size = size;
        this.file = file;
        this.origin = origin;
        this.createdMillis = createdMillis;
        this.handle = handle;
    }

    public MappingKind kind() {
        return kind;
    }

    /** The first byte the application sees (a buffer's or segment's address). */
    public long address() {
        return address;
    }

    /** Bytes, as the application asked for them. */
    public long size() {
        return size;
    }

    /** The mapped file's path, or {@code null}. */
    public String file() {
        return file;
    }

    /** Where the application made it: {@code "FileChannel.map at com.acme.Store.open(Store.java:88)"}. */
    public String origin() {
        return origin;
    }

    /** When it was made, in milliseconds since the epoch. */
    public long createdMillis() {
        return createdMillis;
    }

    /** Resident bytes at the last complete measurement, or -1 before the first one. */
    public long residentBytes() {
        return residentBytes;
    }

    void residentBytes(long bytes) {
        residentBytes = bytes;
    }

    /** Whether the tracker has let go of it (freed, or its owner unreachable). */
    public boolean forgotten() {
        return forgotten;
    }

    void forget() {
        forgotten = true;
        if (handle != null) {
            handle.clear();
        }
    }

    @Override
    public String toString() {
        return kind.label() + " 0x" + Long.toHexString(address) + " +" + size + (file == null ? "" : " " + file)
                + ", " + origin;
    }
}
