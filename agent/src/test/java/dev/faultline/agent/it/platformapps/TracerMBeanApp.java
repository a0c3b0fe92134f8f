package dev.faultline.agent.it.platformapps;

import java.lang.management.ManagementFactory;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads and changes its own {@code dev.faultline:type=Tracer} MXBean through the platform
 * MBean server, as JConsole would, between rounds of traced calls
 * ({@link TouchApp#TRACED}). Prints what it saw as {@code key=value} lines on stdout; on
 * stderr, where the dumps go, it marks each round with {@code == round NAME ==}.
 */
public final class TracerMBeanApp {
    private static final int PAGES = 16;

    private TracerMBeanApp() {
    }

    public static void main(String[] args) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName tracer = new ObjectName("dev.faultline:type=Tracer");
        AgentBeans.await(tracer);
        System.out.println("registered=" + server.isRegistered(tracer));

        round("start", 4);
        show(server, tracer, "start");

        server.setAttribute(tracer, new Attribute("Dump", "none"));
        round("none", 3);
        show(server, tracer, "none");

        server.setAttribute(tracer, new Attribute("Dump", "entry"));
        server.setAttribute(tracer, new Attribute("Every", 2));
        round("every", 4);
        show(server, tracer, "every");

        server.setAttribute(tracer, new Attribute("Every", 1));
        server.setAttribute(tracer, new Attribute("MaxPerSecond", 0));
        round("limit", 3);
        show(server, tracer, "limit");

        reject(server, tracer, "Dump", "sometimes");
        reject(server, tracer, "Every", 0);
        reject(server, tracer, "MaxPerSecond", -1);
        show(server, tracer, "afterRefusals");
    }

    private static void round(String name, int calls) {
        System.err.println("== round " + name + " ==");
        for (int i = 0; i < calls; i++) {
            TouchApp.touchFresh(PAGES);
        }
    }

    private static void show(MBeanServer server, ObjectName tracer, String prefix) throws Exception {
        for (String attribute : new String[] {"DumpsPrinted", "DumpsSuppressed", "Dump", "Every", "MaxPerSecond"}) {
            System.out.println(prefix + "." + attribute + "=" + server.getAttribute(tracer, attribute));
        }
        CompositeData[] methods = (CompositeData[]) server.getAttribute(tracer, "Methods");
        System.out.println(prefix + ".methods=" + methods.length);
        for (CompositeData row : methods) {
            if (!TouchApp.TRACED.equals(row.get("method"))) {
                continue;
            }
            for (String key : new TreeSet<>(row.getCompositeType().keySet())) {
                System.out.println(prefix + ".row." + key + "=" + row.get(key));
            }
        }
        Object worst = server.invoke(tracer, "worstCall", new Object[] {TouchApp.TRACED},
                new String[] {String.class.getName()});
        System.out.println(prefix + ".worstCall=" + String.valueOf(worst).replace('\n', '|'));
    }

    private static void reject(MBeanServer server, ObjectName tracer, String attribute, Object value) {
        try {
            server.setAttribute(tracer, new Attribute(attribute, value));
            System.out.println("refused." + attribute + "=accepted");
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.out.println("refused." + attribute + "=" + e.getClass().getName() + " / " + root);
        }
    }
}
