package dev.faultline.agent.bootstrap;

/**
 * What the probe hands each traced call to: the tracer, installed by the agent. Lives on
 * the bootstrap class path so that every class loader's instrumented code can reach it.
 */
public interface Dispatcher {
    /** A traced method was entered; returns a token for {@link #exit}, 0 when the call is not followed. */
    long enter(int methodId);

    /** The traced method with this token returned ({@code thrown == null}) or threw. */
    void exit(int methodId, long token, Throwable thrown);
}
