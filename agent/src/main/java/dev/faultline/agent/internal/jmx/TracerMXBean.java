package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=Tracer}: the traced methods with their figures, and the three
 * options that can change while the JVM runs.
 */
@Described("faultline's tracer: the traced methods' figures, and the options that can change while the JVM runs")
public interface TracerMXBean {
    /** Every traced method with calls, dumps printed and suppressed, mean and max duration, summed faults. */
    @Described("Every traced method with calls, dumps, errors, mean and max duration (ms), faults; per method as numbers: dev.faultline:type=TracedMethod")
    MethodStatistics[] getMethods();

    /** Dumps printed, all methods. */
    @Described("Dumps printed, all traced methods (counter)")
    long getDumpsPrinted();

    /** Dumps over the rate limit (counted, not printed), all methods. */
    @Described("Dumps over the max-per-second limit, counted and not printed, all traced methods (counter)")
    long getDumpsSuppressed();

    /** {@code entry}, {@code exit}, {@code error} or {@code none}. */
    @Described("When a dump is printed: entry, exit, error or none (writable)")
    String getDump();

    void setDump(String mode);

    @Described("Every N-th call of a method is followed and measured (writable)")
    int getEvery();

    void setEvery(int every);

    @Described("Most dumps per method per second; the rest are counted, not printed (writable)")
    int getMaxPerSecond();

    void setMaxPerSecond(int maxPerSecond);

    /**
     * The mixed Java and native dump of the call of {@code method} ({@code Class#method})
     * with the most faults so far (major faults first), with its fault counts in the header;
     * {@code null} when no call of it has faulted or no such method is traced.
     */
    @Described("The mixed Java and native dump of the call of Class#method with the most faults so far; null when none faulted")
    String worstCall(String method);
}
