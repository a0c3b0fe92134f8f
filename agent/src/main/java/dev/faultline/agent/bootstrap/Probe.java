package dev.faultline.agent.bootstrap;

/**
 * The static entry points that instrumented methods call: on the bootstrap class path, so
 * every class loader sees it. Does nothing until a {@link Dispatcher} is installed, and
 * nothing again after it is removed; never throws (the advice also suppresses).
 */
public final class Probe {
    private static volatile Dispatcher dispatcher;
    private static volatile Object control;

    private Probe() {
    }

    /** Called on entry of a traced method. */
    public static long enter(int methodId) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return 0;
        }
        try {
            return d.enter(methodId);
        } catch (Throwable t) {
            return 0;
        }
    }

    /** Called on exit of a traced method, normal or by an exception. */
    public static void exit(int methodId, long token, Throwable thrown) {
        if (token == 0) {
            return;
        }
        Dispatcher d = dispatcher;
        if (d == null) {
            return;
        }
        try {
            d.exit(methodId, token, thrown);
        } catch (Throwable t) {
            // the tracer reports its own failures; the application's call goes on untouched
        }
    }

    /** Installs (or, with {@code null}, removes) the dispatcher. */
    public static void install(Dispatcher newDispatcher) {
        dispatcher = newDispatcher;
    }

    /**
     * The agent's control object of this JVM (held here so that a later attach, detach or
     * report finds the agent that an earlier one installed, whatever loader it used).
     */
    public static Object control() {
        return control;
    }

    public static void control(Object newControl) {
        control = newControl;
    }
}
