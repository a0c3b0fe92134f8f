package dev.faultline.agent.internal.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Scans and weaves {@link WarmUpSample} once, so that every class the weaving path needs
 * (ASM's, the weaver's, the JDK's they use) is loaded and has run before the transformer
 * is installed: a class that the transformer needs while that very class is being loaded
 * through it would be a circularity. Needs no probe and no options, so it can run first
 * thing, on another thread than {@code premain}'s. Once per JVM; never throws.
 */
public final class WeaverWarmUp {
    private static boolean done;

    private WeaverWarmUp() {
    }

    /** Runs the warm-up unless it ran; a second caller waits for the first. */
    public static synchronized void run() {
        if (done) {
            return;
        }
        try (InputStream in = WeaverWarmUp.class.getClassLoader().getResourceAsStream(
                WarmUpSample.class.getName().replace('.', '/') + ".class")) {
            if (in != null) {
                byte[] bytes = in.readAllBytes();
                ClassScan scan = ClassScan.of(bytes);
                ClassScan.mentionsTrace(bytes);
                Map<String, Integer> ids = new HashMap<>();
                for (ClassScan.Method method : scan.methods) {
                    if (method.traceable()) {
                        ids.put(method.name + method.descriptor, Integer.MAX_VALUE);
                    }
                }
                TraceWeaver.weave(bytes, ids);
            }
        } catch (IOException | RuntimeException e) {
            // the real transformations will report their own failures
        } finally {
            done = true;
        }
    }
}
