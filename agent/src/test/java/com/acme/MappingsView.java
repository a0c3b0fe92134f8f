package com.acme;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * What a test application reads from its own {@code dev.faultline:type=Mappings} MXBean,
 * through the platform MBean server, as JConsole or {@code faultline top} would.
 */
final class MappingsView {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    MappingsView() throws Exception {
        name = new ObjectName("dev.faultline:type=Mappings");
        dev.faultline.agent.it.platformapps.AgentBeans.await(name);
    }

    boolean registered() {
        return server.isRegistered(name);
    }

    long number(String attribute) throws Exception {
        return (Long) server.getAttribute(name, attribute);
    }

    List<CompositeData> top() throws Exception {
        return List.of((CompositeData[]) server.getAttribute(name, "TopMappings"));
    }

    /** The rows whose origin contains {@code text}. */
    List<CompositeData> from(String text) throws Exception {
        List<CompositeData> rows = new ArrayList<>();
        for (CompositeData row : top()) {
            if (((String) row.get("origin")).contains(text)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** A row as {@code key=value} pairs separated by {@code "; "}, in the contract's item order, then its item names. */
    static String format(CompositeData row) {
        StringBuilder sb = new StringBuilder();
        for (String key : new String[] {"kind", "address", "sizeBytes", "residentBytes", "file", "origin"}) {
            sb.append(key).append('=').append(row.get(key)).append("; ");
        }
        return sb.append("items=").append(new java.util.TreeSet<>(row.getCompositeType().keySet())).toString();
    }
}
