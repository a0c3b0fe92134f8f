package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.jmx.ContainerMXBean;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.StandardMBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopCommandTest {

    @Test
    void intervalTakesMillisecondsSecondsAndMinutes() throws CliFailure {
        assertEquals(250, TopCommand.millis("250ms"));
        assertEquals(2000, TopCommand.millis("2s"));
        assertEquals(60_000, TopCommand.millis("1m"));
    }

    @Test
    void badIntervalOrCountIsAUsageErrorNamingTheValue() {
        CliFailure interval = assertThrows(CliFailure.class, () -> TopCommand.millis("fast"));
        assertEquals(Cli.USAGE, interval.exitCode);
        assertEquals("bad value 'fast' for --interval (accepted: a positive duration such as 1s, 500ms, 2m)",
                interval.getMessage());
        assertThrows(CliFailure.class, () -> TopCommand.millis("0s"));
        CliFailure count = assertThrows(CliFailure.class, () -> TopCommand.count("0"));
        assertEquals("bad value '0' for --count (accepted: a whole number >= 1)", count.getMessage());
        assertThrows(CliFailure.class, () -> TopCommand.count("many"));
    }

    @Test
    void unknownOptionOrMissingPidExitsTwoWithTheSynopsis() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Cli.USAGE, Cli.run(List.of("top", "123", "--fast"), out, errStream));
        assertEquals(Cli.USAGE, Cli.run(List.of("top", "--count", "2"), out, errStream));
        assertEquals(Cli.USAGE, Cli.run(List.of("top", "123", "--interval"), out, errStream));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("faultline: unknown option '--fast' (known: --interval, --count)"), text);
        assertTrue(text.contains("faultline: missing PID"), text);
        assertTrue(text.contains("faultline: --interval needs a value"), text);
        assertTrue(text.contains("usage: java -jar faultline-agent.jar top PID [--interval D] [--count N]"), text);
    }

    /** A Container MXBean that answers {@code values} by attribute name, -1 (or "", true) for the others. */
    private static ContainerMXBean bean(Map<String, Object> values) {
        return (ContainerMXBean) Proxy.newProxyInstance(ContainerMXBean.class.getClassLoader(),
                new Class<?>[] {ContainerMXBean.class}, (proxy, method, args) -> {
                    String name = method.getName().replaceFirst("^(get|is)", "");
                    Class<?> type = method.getReturnType();
                    Object value = values.get(name);
                    if (value != null) {
                        return value;
                    }
                    return type == long.class ? -1L : type == int.class ? -1 : type == double.class ? -1.0
                            : type == boolean.class ? Boolean.TRUE : "";
                });
    }

    /** {@code server} as a connection that records the name of each call made on it. */
    private static MBeanServerConnection counting(MBeanServer server, List<String> calls) {
        return (MBeanServerConnection) Proxy.newProxyInstance(MBeanServerConnection.class.getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theContainerFiguresComeInOneRequestByTheMXBeansOwnNames() throws JMException, IOException {
        Map<String, Object> values = new HashMap<>();
        values.put("BindingLimit", 256L << 20);
        values.put("BindingLimitPath", "/pod");
        values.put("Headroom", 155L << 20);
        values.put("HeadroomBound", "CGROUP_LIMIT");
        values.put("PressureSomeAvg10", 0.5);
        values.put("OomKills", 3L);
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        server.registerMBean(new StandardMBean(bean(values), ContainerMXBean.class, true), ManagedJvm.CONTAINER);
        List<String> calls = new ArrayList<>();

        Map<String, Object> read = ManagedJvm.container(counting(server, calls), ContainerFigures.ATTRIBUTES);

        assertEquals(List.of("getAttributes"), calls);
        assertEquals(ContainerFigures.ATTRIBUTES.size(), read.size(), () -> "an attribute the MXBean has not: " + read);
        ContainerFigures figures = ContainerFigures.of(read);
        assertTrue(figures.available);
        assertEquals(256L << 20, figures.bindingLimit);
        assertEquals("/pod", figures.bindingLimitPath);
        assertEquals(155L << 20, figures.headroom);
        assertEquals("CGROUP_LIMIT", figures.headroomBound);
        assertEquals(0.5, figures.pressureSome10, 1e-9);
        assertTrue(Double.isNaN(figures.pressureFull10), "-1 is unknown");
        assertEquals(3, figures.oomKills);
    }

    @Test
    void withoutTheContainerMXBeanThereAreNoContainerFigures() throws IOException {
        assertNull(ManagedJvm.container(MBeanServerFactory.newMBeanServer(), ContainerFigures.ATTRIBUTES));
    }
}
