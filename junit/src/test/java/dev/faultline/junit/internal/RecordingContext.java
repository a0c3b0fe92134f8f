package dev.faultline.junit.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link ExtensionContext} that only records the report entries published to it, for
 * checking an {@link Outcome} without running an engine; anything else it is asked throws.
 */
final class RecordingContext {
    /** The entries as {@code key=value}, in order. */
    final List<String> entries = new ArrayList<>();
    final ExtensionContext context = (ExtensionContext) Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(), new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("publishReportEntry") && args.length == 2) {
                    entries.add(args[0] + "=" + args[1]);
                    return null;
                }
                if (method.getName().equals("publishReportEntry") && args[0] instanceof Map) {
                    ((Map<?, ?>) args[0]).forEach((k, v) -> entries.add(k + "=" + v));
                    return null;
                }
                throw new UnsupportedOperationException(method.toString());
            });

    /** Finishes {@code outcome}: its failure's message, or {@code null} when it passed. */
    String finish(Outcome outcome) {
        try {
            outcome.finish(context);
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }
}
