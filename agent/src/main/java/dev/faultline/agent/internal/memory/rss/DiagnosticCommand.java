package dev.faultline.agent.internal.memory.rss;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs a HotSpot diagnostic command in this JVM, as {@code jcmd} would, through the
 * {@code com.sun.management:type=DiagnosticCommand} MBean: e.g. {@code vmInfo} for
 * {@code VM.info}. The output is text meant for people; the readers here parse only the
 * few lines they need and treat anything else as "not found".
 */
final class DiagnosticCommand {
    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    private DiagnosticCommand() {
    }

    /** The command's output, or {@code null} when it cannot run here (not HotSpot, no such command). */
    static String run(String operation, String... arguments) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object out = server.invoke(new ObjectName(MBEAN), operation, new Object[] {arguments},
                    new String[] {String[].class.getName()});
            return out instanceof String ? (String) out : null;
        } catch (JMException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
