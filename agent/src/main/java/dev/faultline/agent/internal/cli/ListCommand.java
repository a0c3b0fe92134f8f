package dev.faultline.agent.internal.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code list}: the JVMs of this user on this machine (those that publish their
 * performance data, the default), as {@code jps} finds them, without attaching to any.
 * Whether faultline was loaded into one is told by {@link AgentPresence}.
 */
final class ListCommand implements Command {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String synopsis() {
        return "list";
    }

    @Override
    public String summary() {
        return "the local JVMs you can attach to: PID, faultline loaded, main class and arguments";
    }

    @Override
    public String help() {
        return "One line per JVM of this user on this machine that publishes its performance data (the\n"
                + "default; not one run with -XX:-UsePerfData or -XX:+DisableAttachMechanism), as jps finds\n"
                + "them, without attaching: its PID, FAULTLINE (loaded: the agent was loaded into it, detached\n"
                + "or not, read from its open files; -: not loaded; ?: cannot tell) and its main class and\n"
                + "arguments.\n"
                + "\nexit codes: 0 listed (also none), 2 bad usage\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        if (!args.isEmpty()) {
            throw CliFailure.usage("list takes no arguments, got: " + String.join(" ", args));
        }
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor jvm : VirtualMachine.list()) {
            if (pid(jvm) != self) {
                jvms.add(jvm);
            }
        }
        if (jvms.isEmpty()) {
            out.println("no JVMs found (listed are JVMs of this user that publish performance data:"
                    + " not those run with -XX:-UsePerfData)");
            return Cli.OK;
        }
        jvms.sort(Comparator.comparingLong(ListCommand::pid));
        out.printf("%-8s %-9s %s%n", "PID", "FAULTLINE", "MAIN CLASS AND ARGUMENTS");
        for (VirtualMachineDescriptor jvm : jvms) {
            String display = jvm.displayName();
            out.printf("%-8s %-9s %s%n", jvm.id(), AgentPresence.of(pid(jvm)).label,
                    display == null || display.isBlank() || display.equals(jvm.id()) ? "(unknown)" : display);
        }
        return Cli.OK;
    }

    private static long pid(VirtualMachineDescriptor jvm) {
        try {
            return Long.parseLong(jvm.id());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
