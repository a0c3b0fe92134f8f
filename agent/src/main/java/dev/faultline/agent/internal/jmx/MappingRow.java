package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.mapping.TrackedMapping;

import java.beans.ConstructorProperties;

/**
 * One tracked mapping as the Mappings MXBean shows it (an open-type row: JConsole, JMC and
 * {@code faultline top} read it by these item names).
 */
public final class MappingRow {
    private final String kind;
    private final long address;
    private final long sizeBytes;
    private final long residentBytes;
    private final String file;
    private final String origin;

    @ConstructorProperties({"kind", "address", "sizeBytes", "residentBytes", "file", "origin"})
    public MappingRow(String kind, long address, long sizeBytes, long residentBytes, String file, String origin) {
        this.kind = kind;
        this.address = address;
        this.sizeBytes = sizeBytes;
        this.residentBytes = residentBytes;
        this.file = file;
        this.origin = origin;
    }

    static MappingRow of(TrackedMapping m) {
        return new MappingRow(m.kind().label(), m.address(), m.size(), m.residentBytes(),
                m.file() == null ? "" : m.file(), m.origin());
    }

    /** {@code FileChannel.map}, {@code direct buffer}, {@code FFM allocation} or {@code FFM file mapping}. */
    public String getKind() {
        return kind;
    }

    /** The address of the buffer's or segment's memory. */
    public long getAddress() {
        return address;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    /** Resident bytes at the last measurement; -1 before the first one. */
    public long getResidentBytes() {
        return residentBytes;
    }

    /** The mapped file's path; empty when none. */
    public String getFile() {
        return file;
    }

    /** The call and the application frame that made it, e.g. {@code FileChannel.map at com.acme.Store.open(Store.java:88)}. */
    public String getOrigin() {
        return origin;
    }
}
