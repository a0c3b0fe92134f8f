package dev.faultline.agent.internal.instrument;

import dev.faultline.agent.bootstrap.Probe;
import net.bytebuddy.asm.Advice;

/**
 * The advice inlined into every traced method: two static calls to the probe, with the
 * method's id as a constant. Exceptions of the advice itself are suppressed; the method's
 * own result and exception pass through unchanged.
 */
public final class TraceAdvice {
    private TraceAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@MethodId int id) {
        return Probe.enter(id);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@MethodId int id, @Advice.Enter long token, @Advice.Thrown Throwable thrown) {
        Probe.exit(id, token, thrown);
    }
}
