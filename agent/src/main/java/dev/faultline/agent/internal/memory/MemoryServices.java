package dev.faultline.agent.internal.memory;

import dev.faultline.agent.internal.jfr.MemoryEvents;
import dev.faultline.agent.internal.jmx.ContainerBean;
import dev.faultline.agent.internal.jmx.ProcessMemoryBean;
import dev.faultline.agent.internal.memory.rss.RssClassification;
import dev.faultline.agent.internal.options.AgentOptions;
import dev.faultline.agent.internal.sink.Sink;
import dev.faultline.nativebridge.NativeSupport;

/**
 * What the agent runs for memory beside the tracer: the monitor thread (every
 * {@code period}), its timeline for the exit report, its JFR events ({@code jfr=true}), the
 * watch on the container ({@link ContainerWatch}: pressure, OOM kills, {@code oom-warn}
 * warnings on the sink and in JFR), and the {@code dev.faultline:type=ProcessMemory} and
 * {@code dev.faultline:type=Container} MXBeans. The agent starts it once the
 * tracer is installed and stops it on detach and at exit. Its failures cost one warning
 * each and leave the rest of the agent running.
 */
public final class MemoryServices {
    /** Points the exit report's timeline keeps, however long the run. */
    static final int TIMELINE_POINTS = 1024;

    /** The largest RSS holders named in a warning. */
    static final int TOP_RSS_OWNERS = 4;

    private final MemoryMonitor monitor;
    private final Timeline timeline;
    private final ContainerWatch watch;
    private boolean stopped;

    private MemoryServices(MemoryMonitor monitor, Timeline timeline, ContainerWatch watch) {
        this.monitor = monitor;
        this.timeline = timeline;
        this.watch = watch;
    }

    /**
     * Where the monitor's samples go (the timeline, JFR), and what begins before each one's
     * reads (the JFR events). A class, not lambdas: it is made during the host's start-up.
     */
    private static final class Samples implements Runnable, java.util.function.Consumer<MemorySample> {
        private final Timeline timeline;
        private final ContainerWatch watch;
        private final Sink sink;
        private final boolean jfr;

        Samples(Timeline timeline, ContainerWatch watch, Sink sink, boolean jfr) {
            this.timeline = timeline;
            this.watch = watch;
            this.sink = sink;
            this.jfr = jfr;
        }

        @Override
        public void run() {
            if (jfr) {
                MemoryEvents.beginSample();
            }
        }

        @Override
        public void accept(MemorySample sample) {
            timeline.add(sample);
            ContainerWatch.Tick tick = watch.accept(sample);
            if (jfr) {
                MemoryEvents.emit(sample);
                if (tick.moved != null) {
                    MemoryEvents.emitPressure(tick);
                }
            }
            if (tick.risk != null) {
                warn(tick);
            }
        }

        /** The last words: one line on the sink, then the JFR event, before a kill may come. */
        private void warn(ContainerWatch.Tick tick) {
            String owners = ContainerWatch.topRssOwners(RssClassification.now(), TOP_RSS_OWNERS);
            String line = ContainerWatch.line(tick, owners);
            sink.write(line, null);
            if (jfr) {
                MemoryEvents.emitRisk(tick, owners);
            }
        }
    }

    /**
     * Starts the monitor and registers the MXBean. Never throws.
     *
     * @param ownThread run first on the monitor thread, to mark it as the agent's own
     * @param sink where an {@code oom-warn} warning's line goes
     */
    public static MemoryServices start(AgentOptions options, Runnable ownThread, Sink sink) {
        Timeline timeline = new Timeline(TIMELINE_POINTS);
        ContainerWatch watch = new ContainerWatch(options.oomWarn);
        MemoryMonitor monitor = null;
        try {
            String problem = NativeSupport.procProblem();
            if (problem != null) {
                System.err.println("faultline: warning: " + problem + ": the memory monitor is off");
            } else {
                boolean jfr = options.jfr;
                Samples samples = new Samples(timeline, watch, sink, jfr);
                monitor = new MemoryMonitor(options.periodMillis, samples, samples, ownThread);
                if (jfr) {
                    MemoryEvents.warmUp(); // before the first sample, not between it and its events
                }
                monitor.start();
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("faultline: warning: the memory monitor could not start: " + e);
            monitor = null;
        }
        try {
            new ProcessMemoryBean(monitor).register();
        } catch (Exception | LinkageError e) {
            System.err.println("faultline: warning: the ProcessMemory MXBean is not available: " + e);
        }
        try {
            new ContainerBean(monitor, watch).register();
        } catch (Exception | LinkageError e) {
            System.err.println("faultline: warning: the Container MXBean is not available: " + e);
        }
        return new MemoryServices(monitor, timeline, watch);
    }

    /**
     * Stops the monitor and removes the MXBean; with {@code lastSample}, first waits for the
     * monitor and takes a last sample so that the timeline (for the report) ends now. Never throws.
     */
    public synchronized void stop(boolean lastSample) {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (monitor != null) {
                monitor.stop(lastSample);
                if (lastSample) {
                    monitor.sampleNow();
                }
                monitor.close();
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("faultline: warning: the memory monitor did not stop cleanly: " + e);
        }
        ProcessMemoryBean.unregister();
        ContainerBean.unregister();
    }

    /** The run's view of the container so far (the lowest headroom, OOM kills, warnings). */
    public ContainerWatch container() {
        return watch;
    }

    /** The run's memory history so far. */
    public Timeline timeline() {
        return timeline;
    }

    /** The monitor's period in milliseconds; 0 when it is off. */
    public long periodMillis() {
        return monitor == null ? 0 : monitor.periodMillis();
    }
}
