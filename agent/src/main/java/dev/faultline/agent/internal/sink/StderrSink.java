package dev.faultline.agent.internal.sink;

/** Dumps to {@code System.err}, each as one {@code print} call (which {@link java.io.PrintStream} makes atomic). */
public final class StderrSink implements Sink {
    @Override
    public void write(String dump, ClassLoader appLoader) {
        System.err.print(dump);
        System.err.flush();
    }
}
