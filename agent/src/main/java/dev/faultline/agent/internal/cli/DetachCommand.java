package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.AgentCore;
import dev.faultline.agent.internal.AttachOutcome;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code detach PID}: loads the agent once more with the option {@code detach}, which makes
 * the running agent remove its instrumentation and restore the original classes, and says
 * whether it did (read back through {@link AttachOutcome}). Into a JVM that never had the
 * agent ({@link AgentPresence#ABSENT}) nothing is loaded.
 */
final class DetachCommand implements Command {
    @Override
    public String name() {
        return "detach";
    }

    @Override
    public String synopsis() {
        return "detach PID";
    }

    @Override
    public String summary() {
        return "remove the agent's instrumentation from a JVM, restoring its classes";
    }

    @Override
    public String help() {
        return "The agent stops tracing, its MXBeans and memory monitor stop, and the classes it changed\n"
                + "are restored. Its classes stay loaded (list still shows it); a later attach starts it again.\n"
                + "\nexit codes:\n"
                + "  0  detached\n"
                + "  1  nothing to detach: faultline was never loaded into that JVM (nothing is sent), or it\n"
                + "     is not running there (detached already)\n"
                + "  2  bad usage\n"
                + "  3  no JVM with that PID, or it does not accept an attach\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        TargetJvm target = TargetJvm.fromArgs(args, 1);
        target.requireAttachable();
        if (AgentPresence.of(target.pid()) == AgentPresence.ABSENT) {
            throw CliFailure.failed("faultline was never loaded into JVM " + target.pid() + ": nothing to detach");
        }
        AttachOutcome outcome = target.loadAgent(AgentJar.locate(), AgentCore.DETACH);
        switch (outcome.status) {
            case AttachOutcome.DETACHED:
                out.println("faultline: detached from JVM " + target.pid() + "; its original classes are restored");
                return Cli.OK;
            case AttachOutcome.NOT_RUNNING:
                throw CliFailure.failed("the agent is not running in JVM " + target.pid()
                        + " (detached already): nothing to detach");
            default:
                throw CliFailure.failed("the agent in JVM " + target.pid() + " answered '" + outcome.status
                        + "' to detach; that JVM's stderr says more");
        }
    }
}
