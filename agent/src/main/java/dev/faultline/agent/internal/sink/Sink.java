package dev.faultline.agent.internal.sink;

/** Where dumps are written. A dump is written as one unit: two threads' dumps never interleave. */
public interface Sink {
    /** Writes one whole dump (ending with a line separator); {@code appLoader} is the traced class's loader. */
    void write(String dump, ClassLoader appLoader);

    /** Flushes and releases what the sink holds. */
    default void close() {
    }
}
