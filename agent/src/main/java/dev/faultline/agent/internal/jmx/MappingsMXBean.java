package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=Mappings}: the mappings that the application made through the
 * JDK ({@code FileChannel.map}, direct buffers, FFM), the most resident first, with where
 * each was made.
 */
public interface MappingsMXBean {
    /** The 20 tracked mappings with the most resident bytes, most first. */
    MappingRow[] getTopMappings();

    /** Mappings tracked now. */
    long getTrackedCount();

    /** Mappings not tracked because the tracker was full. */
    long getDroppedCount();

    /** Bytes of the mappings tracked now. */
    long getTrackedBytes();
}
