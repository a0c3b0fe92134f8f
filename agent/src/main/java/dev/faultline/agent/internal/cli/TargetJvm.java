package dev.faultline.agent.internal.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import dev.faultline.agent.internal.AttachOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A JVM named by a PID on the command line, and loading the agent into it. Before
 * attaching it makes sure the PID is a live process that handles {@code SIGQUIT}: attach
 * sends that signal to start the JVM's attach listener, and a process that does not
 * handle it (anything but a JVM, or a JVM run with {@code -Xrs}) would be killed by it.
 */
final class TargetJvm {
    static final String LIST_HINT = "java -jar faultline-agent.jar list shows the JVMs you can attach to";
    private static final long SIGQUIT_MASK = 1L << (3 - 1);

    private final int pid;

    private TargetJvm(int pid) {
        this.pid = pid;
    }

    /**
     * The JVM of the PID argument, {@code args.get(0)}, with at most {@code maxArgs}
     * arguments in all.
     */
    static TargetJvm fromArgs(List<String> args, int maxArgs) throws CliFailure {
        if (args.isEmpty()) {
            throw CliFailure.usage("missing PID (" + LIST_HINT + ")");
        }
        if (args.size() > maxArgs) {
            throw CliFailure.usage("too many arguments: " + String.join(" ", args.subList(maxArgs, args.size())));
        }
        String text = args.get(0);
        int pid;
        try {
            pid = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            throw CliFailure.usage("'" + text + "' is not a PID (a positive whole number; " + LIST_HINT + ")");
        }
        return new TargetJvm(pid);
    }

    int pid() {
        return pid;
    }

    /** Attaches, loads the agent jar with these options, reads what the agent did, and lets the JVM go. */
    AttachOutcome loadAgent(Path agentJar, String options) throws CliFailure {
        VirtualMachine vm = attach();
        try {
            return loadAgent(vm, agentJar, options);
        } finally {
            detach(vm);
        }
    }

    /**
     * Attaches to the JVM after {@link #requireAttachable()}; the caller lets it go with
     * {@link #detach(VirtualMachine)}.
     */
    VirtualMachine attach() throws CliFailure {
        requireAttachable();
        try {
            return VirtualMachine.attach(Integer.toString(pid));
        } catch (AttachNotSupportedException e) {
            String message = message(e);
            // HotSpot's words when the JVM runs with -XX:+DisableAttachMechanism (its perf data says so)
            boolean disabled = message.contains("does not support the attach mechanism");
            throw CliFailure.noJvm("cannot attach to JVM " + pid + ": " + message + (disabled
                    ? " (it runs with -XX:+DisableAttachMechanism: restart it without that flag, or start it"
                    + " with -javaagent:faultline-agent.jar=OPTIONS)" : ""));
        } catch (IOException e) {
            throw CliFailure.noJvm("cannot attach to JVM " + pid + ": " + message(e)
                    + " (attach works only as the user that runs the JVM, and not with -XX:+DisableAttachMechanism)");
        }
    }

    /**
     * Loads the agent jar with these options into an attached JVM and returns what the agent
     * did there, which it tells through that JVM's system property {@link AttachOutcome#PROPERTY}.
     *
     * @throws CliFailure also when the agent told nothing (it failed before it could, or an
     *                    older faultline agent runs there), or another attach ran at the same time
     */
    AttachOutcome loadAgent(VirtualMachine vm, Path agentJar, String options) throws CliFailure {
        long before = AttachOutcome.sequenceOf(outcomeProperty(vm));
        try {
            vm.loadAgent(agentJar.toString(), options);
        } catch (AgentLoadException e) {
            throw CliFailure.failed("JVM " + pid + " refused the agent: " + message(e));
        } catch (AgentInitializationException e) {
            throw CliFailure.failed("the agent failed to start in JVM " + pid + " (its stderr says why): " + message(e));
        } catch (IOException e) {
            throw CliFailure.failed("lost the connection to JVM " + pid + " while loading the agent: " + message(e));
        }
        AttachOutcome outcome = AttachOutcome.parse(outcomeProperty(vm));
        if (outcome == null || outcome.sequence <= before) {
            throw CliFailure.failed("JVM " + pid + " loaded the agent jar, but the agent told nothing of what it did"
                    + " (it failed early, or an older faultline agent runs there); that JVM's stderr says what happened");
        }
        if (outcome.sequence != before + 1) {
            throw CliFailure.failed("another attach of faultline to JVM " + pid + " ran at the same time; that JVM's"
                    + " stderr says what each did");
        }
        return outcome;
    }

    private String outcomeProperty(VirtualMachine vm) throws CliFailure {
        try {
            return vm.getSystemProperties().getProperty(AttachOutcome.PROPERTY);
        } catch (IOException e) {
            throw CliFailure.failed("lost the connection to JVM " + pid + ": " + message(e));
        }
    }

    /** Lets an attached JVM go. */
    static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the handle is only a socket: nothing is left behind either way
        }
    }

    /** Fails unless the PID is a live process, not this one, that can take an attach. */
    void requireAttachable() throws CliFailure {
        if (pid == ProcessHandle.current().pid()) {
            throw CliFailure.usage("PID " + pid + " is this command itself (" + LIST_HINT + ")");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw CliFailure.noJvm("no JVM with PID " + pid + " (" + LIST_HINT + ")");
        }
        List<String> status = procStatus();
        if (status == null) {
            return; // no /proc: leave it to the attach mechanism
        }
        String caught = field(status, "SigCgt:");
        if (caught == null) {
            return;
        }
        long mask;
        try {
            mask = Long.parseUnsignedLong(caught, 16);
        } catch (NumberFormatException e) {
            return;
        }
        if ((mask & SIGQUIT_MASK) == 0) {
            String name = field(status, "Name:");
            throw CliFailure.noJvm("PID " + pid + (name == null ? "" : " (" + name + ")")
                    + " is not a JVM that accepts an attach: it does not handle SIGQUIT, which attach sends"
                    + " (not a JVM, or a JVM run with -Xrs; " + LIST_HINT + ")");
        }
    }

    private List<String> procStatus() {
        try {
            return Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String field(List<String> status, String key) {
        for (String line : status) {
            if (line.startsWith(key)) {
                return line.substring(key.length()).trim();
            }
        }
        return null;
    }

    /**
     * What went wrong, for one line: the innermost message in the cause chain (an RMI
     * failure wraps "Connection refused" in "...; nested exception is:
     * java.net.ConnectException: ..."), or the innermost class name when none has one.
     */
    static String message(Exception e) {
        String message = null;
        Throwable innermost = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            innermost = t;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : innermost.getClass().getSimpleName();
    }
}
