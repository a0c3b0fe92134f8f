package dev.faultline.junit.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * A stand-in for the agent's {@code dev.faultline:type=Tracer} MXBean, registered under
 * its name in the platform MBean server, with the documented row items: either as the
 * agent of this branch has them ({@link #registerWithoutWorstCall}) or with the per-call
 * maxima and the {@code worstCall} operation ({@link #register}). Samples record calls
 * through {@link #call} as the agent would.
 */
public final class FakeTracer implements DynamicMBean {
    public static final String NAME = "dev.faultline:type=Tracer";

    private static volatile FakeTracer current;

    private final boolean perCall;
    /** method → {calls, minorFaults, majorFaults, maxMinorFaultsPerCall, maxMajorFaultsPerCall} */
    private final Map<String, long[]> rows = new LinkedHashMap<>();

    private FakeTracer(boolean perCall, String... methods) {
        this.perCall = perCall;
        for (String method : methods) {
            rows.put(method, new long[5]);
        }
    }

    /** Registers one with per-call maxima and {@code worstCall}, tracing {@code methods}. */
    public static void register(String... methods) throws JMException {
        install(new FakeTracer(true, methods));
    }

    /** Registers one without per-call maxima or {@code worstCall}, tracing {@code methods}. */
    public static void registerWithoutWorstCall(String... methods) throws JMException {
        install(new FakeTracer(false, methods));
    }

    public static void unregister() throws JMException {
        current = null;
        ObjectName name = new ObjectName(NAME);
        if (ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        }
    }

    /** Records one call of a traced {@code method} that cost these faults; nothing when none is registered. */
    public static synchronized void call(String method, long minorFaults, long majorFaults) {
        if (current == null) {
            return;
        }
        long[] row = current.rows.get(method);
        row[0]++;
        row[1] += minorFaults;
        row[2] += majorFaults;
        row[3] = Math.max(row[3], minorFaults);
        row[4] = Math.max(row[4], majorFaults);
    }

    /** The dump {@code worstCall(method)} answers. */
    public static String dumpOf(String method) {
        String frame = method.replace('#', '.');
        return "-------------------- Start trace --------------------\n"
                + frame + "(Fake.java:1)  [thread main, exit, minflt +4096, majflt +3]\n"
                + "  app.Main.main(Main.java:2)\n"
                + "--------------------- End trace ---------------------\n";
    }

    private static void install(FakeTracer tracer) throws JMException {
        unregister();
        current = tracer;
        ManagementFactory.getPlatformMBeanServer().registerMBean(tracer, new ObjectName(NAME));
    }

    @Override
    public synchronized Object getAttribute(String attribute) throws AttributeNotFoundException, ReflectionException {
        if (!attribute.equals("Methods")) {
            throw new AttributeNotFoundException(attribute);
        }
        try {
            List<String> names = new ArrayList<>(List.of("method", "calls", "dumpsPrinted", "dumpsSuppressed",
                    "errors", "meanMillis", "maxMillis", "minorFaults", "majorFaults", "rssDeltaBytes"));
            List<OpenType<?>> types = new ArrayList<>(List.of(SimpleType.STRING, SimpleType.LONG, SimpleType.LONG,
                    SimpleType.LONG, SimpleType.LONG, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.LONG,
                    SimpleType.LONG, SimpleType.LONG));
            if (perCall) {
                names.addAll(List.of("maxMinorFaultsPerCall", "maxMajorFaultsPerCall"));
                types.addAll(List.of(SimpleType.LONG, SimpleType.LONG));
            }
            String[] items = names.toArray(new String[0]);
            CompositeType type = new CompositeType("MethodStatistics", "a traced method", items, items,
                    types.toArray(new OpenType<?>[0]));
            List<CompositeData> out = new ArrayList<>();
            for (Map.Entry<String, long[]> e : rows.entrySet()) {
                long[] r = e.getValue();
                List<Object> values = new ArrayList<>(List.of(e.getKey(), r[0], 0L, 0L, 0L, 0.0, 0.0, r[1], r[2], 0L));
                if (perCall) {
                    values.addAll(List.of(r[3], r[4]));
                }
                out.add(new CompositeDataSupport(type, items, values.toArray()));
            }
            return out.toArray(new CompositeData[0]);
        } catch (OpenDataException e) {
            throw new ReflectionException(e);
        }
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) throws ReflectionException {
        if (perCall && action.equals("worstCall")) {
            String method = (String) params[0];
            synchronized (this) {
                long[] row = rows.get(method);
                return row == null || row[0] == 0 ? null : dumpOf(method);
            }
        }
        throw new ReflectionException(new NoSuchMethodException(action));
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo methods = new MBeanAttributeInfo("Methods", CompositeData[].class.getName(), "rows", true,
                false, false);
        MBeanOperationInfo[] ops = perCall ? new MBeanOperationInfo[] {new MBeanOperationInfo("worstCall",
                "the worst call's dump", new MBeanParameterInfo[] {new MBeanParameterInfo("method",
                        String.class.getName(), "Class#method")}, String.class.getName(), MBeanOperationInfo.INFO)}
                : new MBeanOperationInfo[0];
        return new MBeanInfo(FakeTracer.class.getName(), "stand-in Tracer", new MBeanAttributeInfo[] {methods}, null,
                ops, null);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        return new AttributeList();
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }
}
