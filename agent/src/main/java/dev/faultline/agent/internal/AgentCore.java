package dev.faultline.agent.internal;

import dev.faultline.agent.bootstrap.Probe;
import dev.faultline.agent.internal.index.TraceIndex;
import dev.faultline.agent.internal.instrument.Instrumenter;
import dev.faultline.agent.internal.instrument.Selection;
import dev.faultline.agent.internal.jfr.JfrGate;
import dev.faultline.agent.internal.jmx.TracedMethodBeans;
import dev.faultline.agent.internal.jmx.TracerBean;
import dev.faultline.agent.internal.mapping.MappingTracking;
import dev.faultline.agent.internal.memory.MemoryServices;
import dev.faultline.agent.internal.options.AgentOptions;
import dev.faultline.agent.internal.options.MethodPattern;
import dev.faultline.agent.internal.options.OptionsParser;
import dev.faultline.agent.internal.options.OutputPath;
import dev.faultline.agent.internal.report.ExitReport;
import dev.faultline.agent.internal.sink.FileSink;
import dev.faultline.agent.internal.sink.Sink;
import dev.faultline.agent.internal.sink.Slf4jSink;
import dev.faultline.agent.internal.sink.StderrSink;
import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.agent.internal.trace.Tracer;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent proper, started by {@code FaultlineAgent} in its own class loader: parses the
 * options, installs the tracer and the instrumentation, the Tracer MXBean and the exit
 * report. Bad options leave the application running uninstrumented, with one line each.
 * The running agent is kept in {@link Probe#control()} so that {@code detach} finds it.
 */
public final class AgentCore {
    /**
     * How long after {@code premain} returns the agent's services (JNR, MXBeans, memory monitor,
     * mapping residency) start when nothing needs them sooner: a JVM that ends before never
     * pays for them. Not when attached, nor when a JFR recording runs from the start (JFR
     * begins it right after {@code premain}) or a report is asked for: their timelines begin
     * at the start.
     */
    static final long SERVICES_DELAY_MILLIS = 500;

    /** The agent argument that {@code faultline detach PID} sends. */
    public static final String DETACH = "detach";

    private final Instrumenter instrumenter;
    private final Tracer tracer;
    private final Selection selection;
    private final Sink sink;
    private final AgentOptions options;
    /** The agent argument it started with, for a refused second attach to name. */
    private final String arguments;
    private Thread shutdownHook;
    /** The memory monitor and its MXBean; {@code null} until started. */
    private volatile MemoryServices memory;
    /** The mapping tracker, started after the tracer; {@code null} where it could not start. */
    private volatile MappingTracking mappings;
    /** The per-method MXBeans; {@code null} until started. */
    private volatile TracedMethodBeans methodBeans;
    /** Orders the services' start against a detach (see {@link #finishStarting}). */
    private final Object lifecycle = new Object();
    /** Guarded by {@link #lifecycle}. */
    private boolean detached;

    private AgentCore(Instrumenter instrumenter, Tracer tracer, Selection selection, Sink sink, AgentOptions options,
                      String arguments) {
        this.arguments = arguments == null ? "" : arguments.trim();
        this.instrumenter = instrumenter;
        this.tracer = tracer;
        this.selection = selection;
        this.sink = sink;
        this.options = options;
    }

    /**
     * Entered from {@code premain} ({@code attached == false}) or {@code agentmain}, with the
     * start-up thread begun; hands that thread its rest of the work, or none. Never throws.
     */
    static void start(String arguments, Instrumentation instrumentation, boolean attached, StartThread starting) {
        try {
            startOn(arguments, instrumentation, attached, starting);
        } finally {
            starting.then(null); // a no-op once handed over
        }
    }

    private static void startOn(String arguments, Instrumentation instrumentation, boolean attached,
                                StartThread starting) {
        try {
            if (DETACH.equals(arguments == null ? null : arguments.trim())) {
                detachRunning(attached);
                return;
            }
            Object running = Probe.control();
            if (running != null) {
                refuseSecondStart(running, attached);
                return;
            }
            OptionsParser.Result parsed = OptionsParser.parse(arguments);
            List<String> errors = parsed.ok() ? outputErrors(parsed.options) : parsed.errors;
            if (!errors.isEmpty()) {
                List<String> facts = new ArrayList<>();
                for (String error : errors) {
                    System.err.println("faultline: error: " + error);
                    facts.add(AttachOutcome.fact(AttachOutcome.ERROR, error));
                }
                System.err.println("faultline: the application runs without tracing");
                if (attached) {
                    AttachOutcome.publish(AttachOutcome.BAD_OPTIONS, facts);
                }
                return;
            }
            AgentOptions options = parsed.options;
            Sink sink;
            try {
                sink = sink(options);
            } catch (IOException e) {
                String error = "bad value 'file:" + options.sinkFile + "' for option 'sink': " + e.getMessage();
                System.err.println("faultline: error: " + error);
                System.err.println("faultline: the application runs without tracing");
                if (attached) {
                    AttachOutcome.publish(AttachOutcome.BAD_OPTIONS, AttachOutcome.fact(AttachOutcome.ERROR, error));
                }
                return;
            }
            MethodRegistry registry = new MethodRegistry();
            Selection selection = new Selection(options.traces);
            for (String warning : selection.neverTracedWarnings()) {
                System.err.println(warning);
            }
            Tracer tracer = new Tracer(registry, sink, options, selection.namesJdk());
            starting.ownWork(tracer.beginsOwnWork()); // for the start-up thread's whole life
            Instrumenter instrumenter = new Instrumenter(instrumentation, registry, selection, new TraceIndex(),
                    tracer);
            AgentCore core = new AgentCore(instrumenter, tracer, selection, sink, options, arguments);
            tracer.beginOwnWork(); // from here on JDK methods may be traced: not in the agent's own start
            try {
                Probe.install(tracer);
                Probe.control(core);
                MappingTracking mappings = MappingTracking.prepare(instrumentation, options, tracer.beginsOwnWork(),
                        tracer.endsOwnWork());
                starting.awaitWarm();
                instrumenter.install();
                core.addShutdownHook();
                // the mapping tracker's own work (here, on its thread, in its hooks) is never traced;
                // its hooks go in now, so that no mapping is missed
                core.mappings = mappings != null && mappings.hook() ? mappings : null;
                core.handOverServices(starting, attached);
            } finally {
                tracer.endOwnWork(); // a start that failed hands the start-up thread nothing (see start)
            }
            if (attached) {
                core.publishStarted();
            }
        } catch (Throwable t) {
            Probe.install(null);
            Probe.control(null);
            System.err.println("faultline: error: the agent could not start, the application runs without it: " + t);
            if (attached) {
                AttachOutcome.publish(AttachOutcome.FAILED, AttachOutcome.fact(AttachOutcome.ERROR, t));
            }
        }
    }

    /**
     * A second start in a JVM whose agent runs: an attach is refused (the running agent keeps
     * its options), a second {@code -javaagent} flag is ignored.
     */
    private static void refuseSecondStart(Object running, boolean attached) {
        if (!attached) {
            System.err.println("faultline: warning: the agent is already loaded in this JVM (-javaagent is given"
                    + " more than once); the later -javaagent and its options are ignored");
            return;
        }
        System.err.println("faultline: error: the agent is already running in this JVM;"
                + " detach it first (java -jar faultline-agent.jar detach PID)");
        String options = running instanceof AgentCore ? ((AgentCore) running).arguments : "";
        AttachOutcome.publish(AttachOutcome.ALREADY_RUNNING, AttachOutcome.fact(AttachOutcome.OPTIONS, options));
    }

    /** What is wrong with the files the options name ({@code report=}, {@code sink=file:}), one message each. */
    private static List<String> outputErrors(AgentOptions options) {
        List<String> errors = new ArrayList<>();
        if (options.report != null) {
            String problem = OutputPath.prepare(options.report);
            if (problem != null) {
                errors.add("bad value '" + options.report + "' for option 'report': " + problem);
            }
        }
        if (options.sink == AgentOptions.SinkKind.FILE) {
            String problem = OutputPath.check(options.sinkFile);
            if (problem != null) {
                errors.add("bad value 'file:" + options.sinkFile + "' for option 'sink': " + problem);
            }
        }
        return errors;
    }

    /** Tells the command line that attached what this agent traces and where its dumps go. */
    private void publishStarted() {
        List<String> facts = new ArrayList<>();
        facts.add(AttachOutcome.fact(AttachOutcome.METHODS, tracer.registry().all().size()));
        facts.add(AttachOutcome.fact(AttachOutcome.DUMP, options.dump.name().toLowerCase(java.util.Locale.ROOT)));
        String where = options.sink == AgentOptions.SinkKind.STDERR ? "stderr"
                : options.sink == AgentOptions.SinkKind.FILE ? "the file " + options.sinkFile.toAbsolutePath()
                : "the SLF4J logger faultline.trace (stderr where the application has no SLF4J)";
        facts.add(AttachOutcome.fact(AttachOutcome.SINK, where));
        for (MethodPattern pattern : selection.unmatched()) {
            facts.add(AttachOutcome.fact(AttachOutcome.UNMATCHED, pattern));
        }
        AttachOutcome.publish(AttachOutcome.STARTED, facts);
    }

    /** The sink the options name (tests of the kind, not a {@code switch}: that would be one more class to load). */
    private static Sink sink(AgentOptions options) throws IOException {
        if (options.sink == AgentOptions.SinkKind.STDERR) {
            return new StderrSink();
        }
        if (options.sink == AgentOptions.SinkKind.FILE) {
            return FileSink.open(options.sinkFile);
        }
        return new Slf4jSink();
    }

    /**
     * Hands the start-up thread the agent's services: at once when attached, with a report,
     * or with a JFR recording from the start; else after {@link #SERVICES_DELAY_MILLIS}, or
     * sooner when traced calls want JNR (their counters come from {@code /proc} until then).
     */
    private void handOverServices(StartThread starting, boolean attached) {
        boolean now = attached || options.report != null
                || (options.jfr && (JfrGate.up() || JfrGate.startsWithRecording()));
        if (!now) {
            tracer.whenServicesWanted(new Runnable() {
                @Override
                public void run() {
                    starting.hurry();
                }
            });
        }
        starting.then(new FinishStarting(), now ? 0 : SERVICES_DELAY_MILLIS);
    }

    /**
     * What the start-up thread does once the agent is installed: load JNR and libunwind, the
     * JFR event class, register the MXBeans, start the memory monitor and the mapping
     * tracker's sampler; {@code main} does not wait for those (about 0.7 s of class
     * loading). A traced call made meanwhile reads its counters from {@code /proc}, or
     * waits through class initialization for what it cannot do without.
     */
    private final class FinishStarting implements Runnable {
        @Override
        public void run() {
            if (Probe.control() != AgentCore.this) {
                return; // detached before its services were due: nothing to start
            }
            tracer.beginOwnWork();
            try {
                finishStarting();
            } finally {
                tracer.endOwnWork();
            }
        }
    }

    private void finishStarting() {
        tracer.warmUp();
        // a detach that came while the services were starting (attach, then detach at once) waits
        // for them and stops them; one that came before finds none started, and none starts after it
        synchronized (lifecycle) {
            if (detached) {
                return;
            }
            registerBean();
            memory = MemoryServices.start(options, tracer.beginsOwnWork(), sink);
            MappingTracking tracking = mappings;
            if (tracking != null) {
                tracking.finish();
            }
        }
    }

    private void registerBean() {
        try {
            new TracerBean(tracer).register();
        } catch (Exception | LinkageError e) {
            System.err.println("faultline: warning: the Tracer MXBean is not available: " + e);
        }
        // here, on the start-up thread, never inside a class transformation: see TracedMethodBeans
        TracedMethodBeans beans = TracedMethodBeans.start(tracer.registry(), tracer.beginsOwnWork());
        methodBeans = beans;
    }

    private void addShutdownHook() {
        shutdownHook = new Thread(new Runnable() {
            @Override
            public void run() {
                atExit();
            }
        }, "faultline-exit-report");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void atExit() {
        Probe.install(null);
        MemoryServices memory = stopMemory(options.report != null); // the report's timeline ends at exit
        List<String> unmatched = new ArrayList<>();
        for (MethodPattern pattern : selection.unmatched()) {
            String why = instrumenter.whyUnmatched(pattern);
            unmatched.add(pattern.toString());
            System.err.println("faultline: warning: pattern '" + pattern + "' matched no method"
                    + (why == null ? "" : ": " + why));
        }
        if (options.report != null) {
            List<MethodState.Stats> stats = new ArrayList<>();
            for (MethodState method : tracer.registry().all()) {
                stats.add(method.stats());
            }
            try {
                ExitReport.write(options.report, stats, unmatched, memory == null ? null : memory.timeline(),
                        memory == null || memory.periodMillis() == 0 ? null : memory.container());
            } catch (IOException | RuntimeException e) {
                // checked at start: something changed since; name the cause, not the exception of a side effect
                String problem = OutputPath.prepare(options.report);
                System.err.println("faultline: error: cannot write the report to '" + options.report + "': "
                        + (problem != null ? problem : e.toString()));
            }
        }
        sink.close();
    }

    private static void detachRunning(boolean attached) {
        Object control = Probe.control();
        if (!(control instanceof AgentCore)) {
            System.err.println("faultline: detach: the agent is not running in this JVM");
            if (attached) {
                AttachOutcome.publish(AttachOutcome.NOT_RUNNING);
            }
            return;
        }
        ((AgentCore) control).detach();
        if (attached) {
            AttachOutcome.publish(AttachOutcome.DETACHED);
        }
    }

    private void detach() {
        synchronized (lifecycle) {
            detached = true;
        }
        if (mappings != null) {
            mappings.stop();
        }
        Probe.install(null);
        instrumenter.reset();
        TracerBean.unregister();
        TracedMethodBeans beans = methodBeans;
        if (beans != null) {
            beans.stop();
        }
        stopMemory(true);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        sink.close();
        Probe.control(null);
        System.err.println("faultline: detached; the original classes are restored");
    }

    private MemoryServices stopMemory(boolean lastSample) {
        MemoryServices running = memory;
        if (running != null) {
            running.stop(lastSample);
        }
        return running;
    }

    /** The options this agent runs with. */
    public AgentOptions options() {
        return options;
    }
}
