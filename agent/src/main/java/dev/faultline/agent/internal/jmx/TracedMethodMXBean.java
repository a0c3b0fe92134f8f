package dev.faultline.agent.internal.jmx;

/**
 * {@code dev.faultline:type=TracedMethod,name=CLASS#METHOD,descriptor=DESCRIPTOR}: one traced
 * method's figures as plain numbers, one attribute each, so that scrapers that skip
 * {@code CompositeData} (the Prometheus JMX exporter) read them. The same figures as the
 * method's row in the Tracer MXBean's {@code Methods}; durations and CPU time in seconds
 * (Prometheus's base unit), memory in bytes. Counters only grow while the agent runs; a
 * re-attached agent starts them at 0 again.
 */
@Described("One method that faultline traces: its calls, errors, dumps, durations, page faults and CPU time")
public interface TracedMethodMXBean {
    @Described("The traced method, as Class#method")
    String getMethod();

    @Described("The traced method's JVM descriptor, e.g. (I)J: tells overloads apart")
    String getDescriptor();

    @Described("Calls of the method, every one counted (counter)")
    long getCalls();

    @Described("Measured calls that ended by throwing (counter)")
    long getErrors();

    @Described("Dumps printed for the method's calls (counter)")
    long getDumpsPrinted();

    @Described("Dumps over the max-per-second limit: counted, not printed (counter)")
    long getDumpsSuppressed();

    @Described("Calls measured for duration, faults and CPU time: every N-th call with every=N, else all (counter)")
    long getMeasuredCalls();

    @Described("Summed duration of the measured calls, in seconds (counter; divided by MeasuredCalls: the mean)")
    double getDurationSeconds();

    @Described("Median duration of the measured calls since start, in seconds, within about 6%; NaN until one returned (gauge)")
    double getP50Seconds();

    @Described("99th percentile duration of the measured calls since start, in seconds, within about 6%; NaN until one"
            + " returned (gauge)")
    double getP99Seconds();

    @Described("Longest measured call since start, in seconds; NaN until one returned (gauge)")
    double getMaxSeconds();

    @Described("Minor page faults taken by the measured calls, on the calling thread (counter)")
    long getMinorFaults();

    @Described("Major page faults (read from disk) taken by the measured calls, on the calling thread (counter)")
    long getMajorFaults();

    @Described("Most minor page faults that one measured call took (gauge)")
    long getMaxMinorFaultsPerCall();

    @Described("Most major page faults that one measured call took (gauge)")
    long getMaxMajorFaultsPerCall();

    @Described("CPU time, user and system, of the measured calls on the calling thread, in seconds (counter)")
    double getCpuSeconds();

    @Described("Summed change of the process's RSS over the calls where it was measured, in bytes (gauge; may be negative)")
    long getRssDeltaBytes();

    @Described("Calls whose RSS change was measured: those with an exit or error dump, or during a JFR recording (counter)")
    long getRssMeasuredCalls();

    @Described("Calls whose wall time was split into CPU, run-queue wait and blocked (sched=true) (counter)")
    long getSplitCalls();

    @Described("Summed run-queue wait of the split calls (runnable, waiting for a CPU), in seconds; NaN while none"
            + " was split (counter)")
    double getRunQueueSeconds();

    @Described("Summed blocked time of the split calls (off the CPU and not runnable), in seconds; NaN while none"
            + " was split (counter)")
    double getBlockedSeconds();

    @Described("99th percentile run-queue wait of the split calls, in seconds, within about 6%; NaN while none (gauge)")
    double getP99RunQueueSeconds();

    @Described("99th percentile blocked time of the split calls, in seconds, within about 6%; NaN while none (gauge)")
    double getP99BlockedSeconds();
}
