package dev.faultline.agent.internal.mapping;

import dev.faultline.agent.bootstrap.MappingProbe;
import dev.faultline.agent.internal.jfr.MappingResidencyEvent;
import dev.faultline.agent.internal.jmx.MappingsBean;
import dev.faultline.agent.internal.options.AgentOptions;
import dev.faultline.nativebridge.NativeMemory;
import dev.faultline.nativebridge.NativeSupport;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The mapping tracker as the agent runs it: hooks the JDK (its own class file
 * transformer, removed again on detach), records through {@link MappingTracker}, samples
 * residency on its thread {@code faultline-mapping-residency} each period, and serves the
 * Mappings MXBean.
 *
 * <p>Residency is measured only while someone looks: a JFR recording with
 * {@code faultline.MappingResidency} enabled, or a reader of the MXBean in the last few
 * periods. Each period's measuring stops after 1% of the period (at least one chunk of
 * {@link ResidencySampler#CHUNK_PAGES} pages).
 */
public final class MappingTracking {
    /** Mappings tracked at most; more are counted as dropped. */
    static final int CAPACITY = 10_000;
    /** The MXBean counts as read "recently" for this many periods. */
    private static final int WATCH_PERIODS = 3;

    private final Instrumentation instrumentation;
    private final MappingTransformer transformer;
    private final MappingTracker tracker;
    private final MappingTable table;
    /** The live mappings as the RSS classification asks for them: they count as tracked, not as other memory. */
    private final dev.faultline.agent.internal.memory.rss.TrackedRanges.Source ranges =
            new dev.faultline.agent.internal.memory.rss.TrackedRanges.Source() {
                @Override
                public void forEach(dev.faultline.agent.internal.memory.rss.TrackedRanges.Visitor visitor) {
                    for (TrackedMapping mapping : tableSnapshot()) {
                        visitor.mapping(mapping.address(), mapping.size(), mapping.kind().label());
                    }
                }
            };
    /** Set by {@link #finish()}: measuring residency needs JNR, whose loading is kept off the start-up path. */
    private volatile ResidencySampler sampler;
    private final boolean jfr;
    private final Runnable beginOwnWork;
    private final Runnable endOwnWork;
    private final long periodNanos;
    /** The residency thread, made by {@link #finish()}: {@code null} until then. */
    private volatile Thread thread;
    private volatile boolean stopped;
    private volatile long watchedUntilNanos = System.nanoTime();
    private volatile long lastSampleNanos = System.nanoTime() - Long.MAX_VALUE / 4;
    /** What {@link #prepare} chose for this JVM, for {@link #hook()}. */
    private JdkHooks hooks;
    private int feature;

    private MappingTracking(Instrumentation instrumentation, MappingTransformer transformer, MappingTracker tracker,
                            MappingTable table, AgentOptions options, Runnable beginOwnWork,
                            Runnable endOwnWork) {
        this.table = table;
        this.instrumentation = instrumentation;
        this.beginOwnWork = beginOwnWork;
        this.endOwnWork = endOwnWork;
        this.transformer = transformer;
        this.tracker = tracker;
        this.jfr = options.jfr;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(options.periodMillis);
    }

    /**
     * Prepares the tracking (no hook in yet: see {@link #hook()}); returns {@code null}
     * (after one line saying why) where it cannot. Never throws. {@code beginOwnWork} and
     * {@code endOwnWork} mark the calling thread's work as the agent's own (the method
     * tracer does not trace it): they bracket the tracker's work on other threads, and its
     * thread runs inside one.
     */
    public static MappingTracking prepare(Instrumentation instrumentation, AgentOptions options,
                                          Runnable beginOwnWork, Runnable endOwnWork) {
        try {
            if (!instrumentation.isRetransformClassesSupported()) {
                System.err.println("faultline: warning: this JVM cannot retransform classes: mappings are not tracked");
                return null;
            }
            int feature = Runtime.version().feature();
            JdkHooks hooks = JdkHooks.forFeature(feature);
            MappingTable table = new MappingTable(CAPACITY);
            Segments segments = feature >= JdkHooks.FFM ? Segments.lookUp() : null;
            MappingTracker tracker = new MappingTracker(table, new Origins(MappingTracking.class.getClassLoader()),
                    segments, options.jfr, beginOwnWork, endOwnWork);
            MappingTracking tracking = new MappingTracking(instrumentation, new MappingTransformer(hooks.hooks(), beginOwnWork, endOwnWork),
                    tracker, table, options, beginOwnWork, endOwnWork);
            tracking.hooks = hooks;
            tracking.feature = feature;
            return tracking;
        } catch (Throwable t) {
            System.err.println("faultline: warning: mappings are not tracked: " + t);
            return null;
        }
    }

    /** Hooks the JDK and starts tracking; {@code false} (after one line saying why) where it cannot. Never throws. */
    public boolean hook() {
        try {
            install();
            return true;
        } catch (Throwable t) {
            System.err.println("faultline: warning: mappings are not tracked: " + t);
            stop();
            return false;
        }
    }

    private void install() throws Exception {
        // java.base's hooked methods call MappingProbe, in the bootstrap loader's unnamed module
        Module base = Object.class.getModule();
        Module probe = MappingProbe.class.getModule();
        if (!base.canRead(probe)) {
            instrumentation.redefineModule(base, Set.of(probe), Map.of(), Map.of(), Set.of(), Map.of());
        }
        MappingProbe.install(tracker);
        instrumentation.addTransformer(transformer, true);
        // the hooked classes that are loaded already are retransformed now (at start-up, usually none: the
        // direct buffer's deallocator loads with the first direct buffer); the others get their hooks when
        // they load, if ever: no JDK class is loaded for the tracker
        List<Class<?>> loadedBefore = new ArrayList<>();
        for (Class<?> c : hookedClassesLoaded()) {
            if (!transformer.seen(c.getName().replace('.', '/')) && instrumentation.isModifiableClass(c)) {
                loadedBefore.add(c);
            }
        }
        if (!loadedBefore.isEmpty()) {
            instrumentation.retransformClasses(loadedBefore.toArray(new Class<?>[0]));
        }
        transformer.reportLaterOnes(feature);
        reportMissing();
    }

    private java.util.List<TrackedMapping> tableSnapshot() {
        return table.snapshot();
    }

    /**
     * The slow half of starting, run off the start-up path once the hooks are in (so no
     * mapping is missed meanwhile): says which hooks this JDK has no class for, starts the
     * residency sampler (JNR for mincore), the Mappings MXBean and the residency thread.
     * Never throws.
     */
    public void finish() {
        if (stopped) {
            return;
        }
        try {
            report(transformer.missingClasses(feature)); // the hooks whose class this JDK lacks
            ResidencySampler made = NativeSupport.libcAvailable()
                    ? new ResidencySampler(table, new MincoreCounter(), NativeMemory.pageSize()) : null;
            if (made == null) {
                System.err.println("faultline: warning: mapping residency is not measured: "
                        + NativeSupport.libcProblem());
            }
            sampler = made;
            dev.faultline.agent.internal.memory.rss.TrackedRanges.register(ranges);
            try {
                new MappingsBean(this).register();
            } catch (Exception | LinkageError e) {
                System.err.println("faultline: warning: the Mappings MXBean is not available: " + e);
            }
            Thread residency = new Thread(new Loop(), "faultline-mapping-residency");
            residency.setDaemon(true);
            tracker.ownThread(residency); // its own measuring is not a mapping of the application's
            thread = residency;
            residency.start(); // if stop() came meanwhile, its loop ends at once
        } catch (Throwable t) {
            System.err.println("faultline: warning: mapping residency is not measured: " + t);
        }
    }

    /** The loaded classes of the bootstrap loader that hooks are for. */
    private List<Class<?>> hookedClassesLoaded() {
        Set<String> names = new java.util.HashSet<>(transformer.classNames());
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && names.contains(c.getName())) {
                loaded.add(c);
            }
        }
        return loaded;
    }

    private void reportMissing() {
        List<String> missing = new ArrayList<>(hooks.problems());
        missing.addAll(transformer.notAppliedToSeen(feature));
        report(missing);
    }

    private void report(List<String> missing) {
        if (!missing.isEmpty()) {
            System.err.println("faultline: warning: on this JVM (Java " + feature + ") some mappings are not tracked: "
                    + String.join("; ", missing));
        }
    }

    /** Removes the hooks (the JDK's classes are retransformed back), the thread and the MXBean. Never throws. */
    public void stop() {
        stopped = true;
        dev.faultline.agent.internal.memory.rss.TrackedRanges.unregister(ranges);
        MappingProbe.install(null);
        MappingsBean.unregister();
        try {
            instrumentation.removeTransformer(transformer);
            List<Class<?>> hooked = hookedClassesLoaded();
            if (!hooked.isEmpty()) {
                instrumentation.retransformClasses(hooked.toArray(new Class<?>[0]));
            }
        } catch (Throwable t) {
            System.err.println("faultline: warning: the JDK's mapping methods could not be restored: " + t);
        }
        Thread residency = thread;
        if (residency != null) {
            LockSupport.unpark(residency);
        }
        if (residency != null && residency.isAlive() && residency != Thread.currentThread()) {
            try {
                residency.join(TimeUnit.NANOSECONDS.toMillis(periodNanos) + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        tracker.table().clear();
    }

    /** The thread's work: each period, forget what was freed and, if someone looks, measure residency. */
    private final class Loop implements Runnable {
        @Override
        public void run() {
            beginOwnWork.run(); // for the thread's life
            if (sampler != null) {
                sampler.warmUp();
            }
            while (!stopped) {
                LockSupport.parkNanos(periodNanos);
                if (stopped) {
                    break;
                }
                try {
                    tick();
                } catch (Throwable t) {
                    System.err.println("faultline: warning: mapping residency sampling stopped: " + t);
                    return;
                }
            }
        }
    }

    private void tick() {
        tracker.forgetUnreachable();
        tracker.forgetClosedScopes();
        boolean recording = jfr && dev.faultline.agent.internal.jfr.JfrGate.up()
                && new MappingResidencyEvent().isEnabled();
        if (!recording && System.nanoTime() - watchedUntilNanos > 0) {
            return; // nobody looks: no mincore
        }
        List<TrackedMapping> measured = sample();
        if (recording) {
            for (TrackedMapping m : measured) {
                MappingResidencyEvent event = new MappingResidencyEvent();
                event.kind = m.kind().label();
                event.address = m.address();
                event.size = m.size();
                event.residentBytes = m.residentBytes();
                event.residentShare = (double) m.residentBytes() / m.size();
                event.file = m.file();
                event.origin = m.origin();
                event.commit();
            }
        }
    }

    private List<TrackedMapping> sample() {
        lastSampleNanos = System.nanoTime();
        return sampler == null ? List.of() : sampler.sample(periodNanos / 100);
    }

    /**
     * The {@code n} most resident mappings for the MXBean. Marks the mappings as watched,
     * so that the thread measures them each period from now on; measures once here first
     * when nobody did for a period.
     */
    public List<TrackedMapping> topForReader(int n) {
        beginOwnWork.run();
        try {
            long now = System.nanoTime();
            watchedUntilNanos = now + WATCH_PERIODS * periodNanos;
            if (now - lastSampleNanos > periodNanos) {
                tracker.forgetUnreachable();
                tracker.forgetClosedScopes();
                sample();
            }
            return tracker.top(n);
        } finally {
            endOwnWork.run();
        }
    }

    /** The tracker, for the MXBean's counts. */
    public MappingTracker tracker() {
        return tracker;
    }
}
