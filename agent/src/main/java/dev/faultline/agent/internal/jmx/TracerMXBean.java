package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=Tracer}: the traced methods with their figures, and the three
 * options that can change while the JVM runs.
 */
public interface TracerMXBean {
    /** Every traced method with calls, dumps printed and suppressed, mean and max duration, summed faults. */
    MethodStatistics[] getMethods();

    /** Dumps printed, all methods. */
    long getDumpsPrinted();

    /** Dumps over the rate limit (counted, not printed), all methods. */
    long getDumpsSuppressed();

    /** {@code entry}, {@code exit}, {@code error} or {@code none}. */
    String getDump();

    void setDump(String mode);

    int getEvery();

    void setEvery(int every);

    int getMaxPerSecond();

    void setMaxPerSecond(int maxPerSecond);

    /**
     * The mixed Java and native dump of the call of {@code method} ({@code Class#method})
     * with the most faults so far (major faults first), with its fault counts in the header;
     * {@code null} when no call of it has faulted or no such method is traced.
     */
    String worstCall(String method);
}
