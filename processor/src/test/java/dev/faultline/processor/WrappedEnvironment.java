package dev.faultline.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Runs a processor in a processing environment that is not javac's own class, as some
 * build tools and IDEs hand processors a wrapper; optionally with element utilities that
 * fail, to see what the processor does when something in it throws.
 */
final class WrappedEnvironment extends AbstractProcessor {
    private final Processor delegate;
    private final UnaryOperator<Elements> elements;

    private WrappedEnvironment(Processor delegate, UnaryOperator<Elements> elements) {
        this.delegate = delegate;
        this.elements = elements;
    }

    /** {@code delegate} in a wrapped environment that otherwise behaves as javac's. */
    static Processor wrapping(Processor delegate) {
        return new WrappedEnvironment(delegate, UnaryOperator.identity());
    }

    /** {@code delegate} in a wrapped environment whose {@code Elements.getBinaryName} throws {@code failure}. */
    static Processor failingBinaryNames(Processor delegate, RuntimeException failure) {
        return new WrappedEnvironment(delegate, real -> proxy(Elements.class, real, (target, method, args) -> {
            if (method.getName().equals("getBinaryName")) {
                throw failure;
            }
            return method.invoke(real, args);
        }));
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        Elements wrapped = elements.apply(env.getElementUtils());
        delegate.init(proxy(ProcessingEnvironment.class, env, (target, method, args) ->
                method.getName().equals("getElementUtils") ? wrapped : method.invoke(env, args)));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    private static <T> T proxy(Class<T> type, T real, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            try {
                return handler.invoke(p, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
