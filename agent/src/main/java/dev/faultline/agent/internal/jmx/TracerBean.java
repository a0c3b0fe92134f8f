package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.options.DumpMode;
import dev.faultline.agent.internal.trace.MethodState;
import dev.faultline.agent.internal.trace.Tracer;

import java.util.List;

/** The Tracer MXBean over a {@link Tracer}. */
public final class TracerBean implements TracerMXBean {
    public static final String NAME = "dev.faultline:type=Tracer";

    private final Tracer tracer;

    public TracerBean(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Registers the bean in the platform MBean server (replacing one left by an earlier attach). */
    public void register() throws Exception {
        PlatformBeans.register(this, TracerMXBean.class, NAME);
    }

    /** Unregisters the bean, if registered. */
    public static void unregister() {
        PlatformBeans.unregister(NAME);
    }

    @Override
    public MethodStatistics[] getMethods() {
        List<MethodState> methods = tracer.registry().all();
        MethodStatistics[] out = new MethodStatistics[methods.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = MethodStatistics.of(methods.get(i).stats());
        }
        return out;
    }

    @Override
    public long getDumpsPrinted() {
        long sum = 0;
        for (MethodState method : tracer.registry().all()) {
            sum += method.dumpsPrinted();
        }
        return sum;
    }

    @Override
    public long getDumpsSuppressed() {
        long sum = 0;
        for (MethodState method : tracer.registry().all()) {
            sum += method.dumpsSuppressed();
        }
        return sum;
    }

    @Override
    public String getDump() {
        return tracer.dumpMode().optionValue();
    }

    @Override
    public void setDump(String mode) {
        DumpMode parsed = DumpMode.parse(mode);
        if (parsed == null) {
            throw new IllegalArgumentException("bad dump mode '" + mode + "' (accepted: entry, exit, error, none)");
        }
        tracer.dumpMode(parsed);
    }

    @Override
    public int getEvery() {
        return tracer.every();
    }

    @Override
    public void setEvery(int every) {
        tracer.every(every);
    }

    @Override
    public int getMaxPerSecond() {
        return tracer.maxPerSecond();
    }

    @Override
    public void setMaxPerSecond(int maxPerSecond) {
        tracer.maxPerSecond(maxPerSecond);
    }

    @Override
    public String worstCall(String method) {
        for (MethodState state : tracer.registry().all()) {
            if (state.displayName().equals(method) && state.worstCall() != null) {
                return state.worstCall();
            }
        }
        return null;
    }
}
