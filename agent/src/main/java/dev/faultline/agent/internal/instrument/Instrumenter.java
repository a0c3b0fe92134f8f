package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.Tracer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Installs the ByteBuddy transformer that inlines {@link TraceAdvice} into the selected
 * methods (and, on attach, retransforms the classes already loaded), and removes it again.
 */
public final class Instrumenter {
    private static final int MAX_REPORTED_ERRORS = 5;

    private final Instrumentation instrumentation;
    private final MethodRegistry registry;
    private final Selection selection;
    private final Tracer tracer;
    private final AtomicInteger errors = new AtomicInteger();
    private ResettableClassFileTransformer transformer;

    public Instrumenter(Instrumentation instrumentation, MethodRegistry registry, Selection selection, Tracer tracer) {
        this.instrumentation = instrumentation;
        this.registry = registry;
        this.selection = selection;
        this.tracer = tracer;
    }

    /** Installs the transformer; classes already loaded that match are retransformed. */
    public void install() {
        tracer.beginOwnWork(); // retransforming loaded classes runs ByteBuddy on this thread
        try {
            transformer = builder().installOn(instrumentation);
        } finally {
            tracer.endOwnWork();
        }
    }

    private AgentBuilder builder() {
        ClassLoader own = Instrumenter.class.getClassLoader();
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new ErrorListener())
                .ignore(ElementMatchers.<TypeDescription>nameStartsWith("net.bytebuddy.")
                        .or(ElementMatchers.nameStartsWith("dev.faultline.agent."))
                        .or(ElementMatchers.nameStartsWith("jdk.internal.reflect."))
                        .or(ElementMatchers.isSynthetic()))
                .or(ElementMatchers.any(), ElementMatchers.is(own))
                .type((ElementMatcher<TypeDescription>) selection::mayMatchType)
                .transform(this::transform);
    }

    /** Removes the transformer and restores the original classes. */
    public void reset() {
        if (transformer != null) {
            tracer.beginOwnWork();
            try {
                transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            } finally {
                tracer.endOwnWork();
            }
            transformer = null;
        }
    }

    private DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                             JavaModule module, ProtectionDomain domain) {
        Advice.OffsetMapping id = (instrumentedType, method, assigner, argumentHandler, sort) ->
                Advice.OffsetMapping.Target.ForStackManipulation.of(
                        registry.register(instrumentedType.getName(), method.getName(), method.getDescriptor(), loader));
        return builder.visit(Advice.withCustomMapping()
                .bind(MethodId.class, id)
                .to(TraceAdvice.class)
                .on(method -> selection.matchesMethod(type, method)));
    }

    /**
     * Marks each class transformation as the agent's own work (ByteBuddy runs on the thread
     * that loads the class: the methods it calls are not traced meanwhile), and reports the
     * first few classes that could not be instrumented, then a count.
     */
    private final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onDiscovery(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
            tracer.beginOwnWork();
        }

        @Override
        public void onComplete(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded) {
            tracer.endOwnWork();
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            int n = errors.incrementAndGet();
            if (n <= MAX_REPORTED_ERRORS) {
                System.err.println("faultline: warning: cannot instrument " + typeName + ", it runs untraced: "
                        + throwable);
            } else if (n == MAX_REPORTED_ERRORS + 1) {
                System.err.println("faultline: warning: more classes cannot be instrumented; not reporting them");
            }
        }
    }
}
