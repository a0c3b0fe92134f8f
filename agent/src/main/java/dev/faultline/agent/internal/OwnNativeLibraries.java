package dev.faultline.agent.internal;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatchers;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Keeps the agent's JNR-FFI and jffi to the agent's own class loader.
 *
 * <p>jffi looks for its stub loader in the system class loader first, and JNR for its
 * finalizer likewise (directly, and through a new loader whose parent is the system
 * loader): in an application that has its own JNR or jffi, the agent would
 * initialise and use the application's copies (loading the application's native stub,
 * of another version, and making JDK 24+ blame the application's jar). Before the agent
 * touches JNR, a transformer that applies only to classes of the agent's own loader makes
 * those two lookups stay in that loader.
 */
final class OwnNativeLibraries {
    private OwnNativeLibraries() {
    }

    static void install(Instrumentation instrumentation) {
        ClassLoader own = OwnNativeLibraries.class.getClassLoader();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .ignore(ElementMatchers.none())
                .type(ElementMatchers.<TypeDescription>named("com.kenai.jffi.Init"), ElementMatchers.is(own))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(OwnLoaderOnly.class).on(ElementMatchers.named("getClassLoaders"))))
                .type(ElementMatchers.<TypeDescription>named("jnr.ffi.util.ref.FinalizableReferenceQueue$SystemLoader")
                                .or(ElementMatchers.named("jnr.ffi.util.ref.FinalizableReferenceQueue$DecoupledLoader")),
                        ElementMatchers.is(own))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(NoSystemFinalizer.class).on(ElementMatchers.named("loadFinalizer"))))
                .installOn(instrumentation);
    }

    /** {@code Init.getClassLoaders()} returns only the loader of jffi itself. */
    static final class OwnLoaderOnly {
        private OwnLoaderOnly() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Origin Class<?> init,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) List<ClassLoader> loaders) {
            loaders = Collections.singletonList(init.getClassLoader());
        }
    }

    /**
     * {@code SystemLoader.loadFinalizer()} and {@code DecoupledLoader.loadFinalizer()} do not
     * look through the system loader at all: their bodies are skipped and they return null,
     * so JNR loads its finalizer from its own loader ({@code DirectLoader}).
     */
    static final class NoSystemFinalizer {
        private NoSystemFinalizer() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() {
            return true;
        }
    }
}
