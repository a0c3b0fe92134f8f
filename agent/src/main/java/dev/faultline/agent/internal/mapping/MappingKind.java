package dev.faultline.agent.internal.mapping;

import dev.faultline.agent.bootstrap.MappingProbe;

/** What made a tracked mapping, as the MXBean and the JFR events name it. */
public enum MappingKind {
    FILE_MAP("FileChannel.map", "FileChannel.map", false),
    DIRECT_BUFFER("direct buffer", "ByteBuffer.allocateDirect", false),
    FFM_ALLOCATION("FFM allocation", "Arena.allocate", true),
    FFM_FILE_MAP("FFM file mapping", "FileChannel.map", true);

    private final String label;
    private final String call;
    private final boolean scoped;

    MappingKind(String label, String call, boolean scoped) {
        this.label = label;
        this.call = call;
        this.scoped = scoped;
    }

    /** The kind's name in the MXBean and the events: {@code FileChannel.map}, {@code direct buffer}, ... */
    public String label() {
        return label;
    }

    /** The API call that makes it, for the origin ({@code "FileChannel.map at ..."}). */
    public String call() {
        return call;
    }

    /** Whether its memory lives as long as an FFM arena, rather than as long as the object that was returned. */
    boolean scoped() {
        return scoped;
    }

    /** Whether it is the memory of a file, which counts as resident while in the page cache. */
    boolean fileBacked() {
        return this == FILE_MAP || this == FFM_FILE_MAP;
    }

    /** The kind for a {@code MappingProbe.KIND_*} constant, or {@code null}. */
    static MappingKind of(int probeKind) {
        switch (probeKind) {
            case MappingProbe.KIND_FILE_MAP:
                return FILE_MAP;
            case MappingProbe.KIND_DIRECT_BUFFER:
                return DIRECT_BUFFER;
            case MappingProbe.KIND_FFM_ALLOCATION:
                return FFM_ALLOCATION;
            case MappingProbe.KIND_FFM_FILE_MAP:
                return FFM_FILE_MAP;
            default:
                return null;
        }
    }
}
