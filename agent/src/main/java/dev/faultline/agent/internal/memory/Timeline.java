package dev.faultline.agent.internal.memory;

import java.util.Arrays;

/**
 * The run's memory history for the exit report, in bounded memory however long the run:
 * at most {@code capacity} points; when full, neighbouring points are merged in pairs
 * and later samples go into points twice as wide. A merged point keeps the largest
 * RSS, VmSize and Committed_AS of its samples (peaks stay visible) and the fault totals
 * and time of its last sample (so rates between points stay exact averages).
 *
 * <p>Written by the monitor thread, read at exit: its methods are synchronized.
 */
public final class Timeline {
    private final int capacity;
    private final long[] nanos;
    private final long[] epochMillis;
    private final long[] vmSize;
    private final long[] rss;
    private final long[] committed;
    private final long[] minorFaults;
    private final long[] majorFaults;
    private int size;
    /** Samples per point now; doubles at each merge. */
    private int stride = 1;
    /** Samples already in the last point (0: the next sample opens a new point). */
    private int filling;
    private long samples;

    /** A timeline of at most {@code capacity} points (an even number, at least 4). */
    public Timeline(int capacity) {
        if (capacity < 4 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be an even number >= 4: " + capacity);
        }
        this.capacity = capacity;
        nanos = new long[capacity];
        epochMillis = new long[capacity];
        vmSize = new long[capacity];
        rss = new long[capacity];
        committed = new long[capacity];
        minorFaults = new long[capacity];
        majorFaults = new long[capacity];
    }

    /** Adds a sample; one whose process counters are unavailable is skipped. */
    public void add(MemorySample sample) {
        if (!sample.process.available()) {
            return;
        }
        add(sample.nanoTime, sample.epochMillis, sample.process.size(), sample.process.rss(),
                sample.system.committed(), sample.process.minorFaults(), sample.process.majorFaults());
    }

    /**
     * Adds one sample's figures: monotonic and wall-clock time, VmSize, RSS, Committed_AS
     * (-1 when unknown), minor and major fault totals.
     */
    public synchronized void add(long nano, long millis, long size, long resident, long committedAs, long minflt,
                                 long majflt) {
        samples++;
        if (filling > 0) {
            int last = this.size - 1;
            nanos[last] = nano;
            epochMillis[last] = millis;
            vmSize[last] = Math.max(vmSize[last], size);
            rss[last] = Math.max(rss[last], resident);
            committed[last] = Math.max(committed[last], committedAs);
            minorFaults[last] = minflt;
            majorFaults[last] = majflt;
        } else {
            if (this.size == capacity) {
                halve();
            }
            int at = this.size++;
            nanos[at] = nano;
            epochMillis[at] = millis;
            vmSize[at] = size;
            rss[at] = resident;
            committed[at] = committedAs;
            minorFaults[at] = minflt;
            majorFaults[at] = majflt;
        }
        filling = (filling + 1) % stride;
    }

    /**
     * Merges points in pairs. The first point is kept as it is (the run's starting values,
     * from which the first rate is measured); the pairs are formed after it.
     */
    private void halve() {
        int out = 1;
        for (int in = 1; in < size; in += 2) {
            int b = Math.min(in + 1, size - 1);
            nanos[out] = nanos[b];
            epochMillis[out] = epochMillis[b];
            vmSize[out] = Math.max(vmSize[in], vmSize[b]);
            rss[out] = Math.max(rss[in], rss[b]);
            committed[out] = Math.max(committed[in], committed[b]);
            minorFaults[out] = minorFaults[b];
            majorFaults[out] = majorFaults[b];
            out++;
        }
        size = out;
        stride *= 2;
    }

    /** A copy of the points, oldest first. */
    public synchronized Points points() {
        return new Points(Arrays.copyOf(nanos, size), Arrays.copyOf(epochMillis, size), Arrays.copyOf(vmSize, size),
                Arrays.copyOf(rss, size), Arrays.copyOf(committed, size), Arrays.copyOf(minorFaults, size),
                Arrays.copyOf(majorFaults, size), samples, stride);
    }

    /** The points of a timeline at one moment. */
    public static final class Points {
        public final long[] nanos;
        public final long[] epochMillis;
        public final long[] vmSize;
        public final long[] rss;
        /** System-wide {@code Committed_AS}; -1 where unknown. */
        public final long[] committed;
        public final long[] minorFaults;
        public final long[] majorFaults;
        /** Samples taken, all of them, merged or not. */
        public final long samples;
        /** Samples per point at the end. */
        public final int stride;

        Points(long[] nanos, long[] epochMillis, long[] vmSize, long[] rss, long[] committed, long[] minorFaults,
               long[] majorFaults, long samples, int stride) {
            this.nanos = nanos;
            this.epochMillis = epochMillis;
            this.vmSize = vmSize;
            this.rss = rss;
            this.committed = committed;
            this.minorFaults = minorFaults;
            this.majorFaults = majorFaults;
            this.samples = samples;
            this.stride = stride;
        }

        public int size() {
            return nanos.length;
        }

        /** Seconds from the first point to point {@code i}. */
        public double seconds(int i) {
            return (nanos[i] - nanos[0]) / 1e9;
        }

        /**
         * Faults per second from point {@code i - 1} to point {@code i} of a totals series
         * ({@link #minorFaults} or {@link #majorFaults}); point 0 has rate 0.
         */
        public double[] ratePerSecond(long[] totals) {
            double[] rates = new double[totals.length];
            for (int i = 1; i < totals.length; i++) {
                rates[i] = MemorySample.perSecond(totals[i - 1], totals[i], nanos[i] - nanos[i - 1]);
            }
            return rates;
        }
    }
}
