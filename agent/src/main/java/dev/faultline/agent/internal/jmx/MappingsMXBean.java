package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=Mappings}: the mappings that the application made through the
 * JDK ({@code FileChannel.map}, direct buffers, FFM), the most resident first, with where
 * each was made.
 */
@Described("The mappings the application made through the JDK (FileChannel.map, direct buffers, FFM), the most resident first")
public interface MappingsMXBean {
    /** The 20 tracked mappings with the most resident bytes, most first. */
    @Described("The 20 tracked mappings with the most resident bytes, most first, with kind, address, size, file and origin")
    MappingRow[] getTopMappings();

    /** Mappings tracked now. */
    @Described("Mappings tracked now (gauge)")
    long getTrackedCount();

    /** Mappings not tracked because the tracker was full. */
    @Described("Mappings not tracked because the tracker was full (counter)")
    long getDroppedCount();

    /** Bytes of the mappings tracked now. */
    @Described("Bytes of the mappings tracked now (gauge)")
    long getTrackedBytes();
}
