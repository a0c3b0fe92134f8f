package dev.faultline.agent.internal.sink;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dumps to the application's own SLF4J, logger {@code faultline.trace} at INFO, found
 * through the traced class's loader (so each application in a container logs through its
 * own logging). Where a loader sees no SLF4J, or SLF4J without a binding, dumps go to
 * stderr, and that is said once.
 */
public final class Slf4jSink implements Sink {
    private static final String LOGGER_NAME = "faultline.trace";
    /** Markers of a loader without a usable logger, with the reason. */
    private static final String NO_SLF4J = "the application has no SLF4J on its class path";
    private static final String NO_BINDING = "the application's SLF4J has no binding";
    private static final String NO_LOADER = "the traced class has no class loader that sees SLF4J";

    private final Sink fallback = new StderrSink();
    private final Map<ClassLoader, Object> loggers = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicBoolean saidFallback = new AtomicBoolean();

    private Object logger(ClassLoader appLoader) {
        synchronized (loggers) {
            Object logger = loggers.get(appLoader);
            if (logger == null) {
                logger = find(appLoader);
                loggers.put(appLoader, logger);
            }
            return logger;
        }
    }

    @Override
    public void write(String dump, ClassLoader appLoader) {
        Object logger = appLoader == null ? NO_LOADER : logger(appLoader);
        if (logger instanceof MethodHandle) {
            try {
                // a log event is one unit: the dump without its last line separator
                ((MethodHandle) logger).invoke(dump.endsWith("\n") ? dump.substring(0, dump.length() - 1) : dump);
                return;
            } catch (Throwable t) {
                loggers.put(appLoader, NO_BINDING);
                sayFallback("logging through SLF4J failed (" + t + ")");
            }
        } else {
            sayFallback((String) logger);
        }
        fallback.write(dump, appLoader);
    }

    private void sayFallback(String why) {
        if (saidFallback.compareAndSet(false, true)) {
            System.err.println("faultline: sink=slf4j: " + why + "; dumps go to stderr");
        }
    }

    /** A handle {@code (String) -> void} on {@code logger.info}, or the reason there is none. */
    private static Object find(ClassLoader loader) {
        Class<?> factory;
        try {
            factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
        } catch (Throwable t) {
            return NO_SLF4J;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object iLoggerFactory = lookup.findStatic(factory, "getILoggerFactory",
                    MethodType.methodType(Class.forName("org.slf4j.ILoggerFactory", false, loader))).invoke();
            if (iLoggerFactory == null || iLoggerFactory.getClass().getName().contains("NOP")
                    || iLoggerFactory.getClass().getName().contains("Substitute")) {
                return NO_BINDING;
            }
            Class<?> loggerType = Class.forName("org.slf4j.Logger", false, loader);
            Object logger = lookup.findStatic(factory, "getLogger", MethodType.methodType(loggerType, String.class))
                    .invoke(LOGGER_NAME);
            MethodHandle info = lookup.findVirtual(loggerType, "info", MethodType.methodType(void.class, String.class));
            return info.bindTo(logger).asType(MethodType.methodType(void.class, Object.class));
        } catch (Throwable t) {
            return NO_BINDING;
        }
    }
}
