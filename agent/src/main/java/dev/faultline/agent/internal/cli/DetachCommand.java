package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.AgentCore;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code detach PID}: loads the agent once more with the option {@code detach}, which makes
 * the running agent remove its instrumentation and restore the original classes. Into a
 * JVM that never had the agent ({@link AgentPresence#ABSENT}) nothing is loaded.
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
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        TargetJvm target = TargetJvm.fromArgs(args, 1);
        target.requireAttachable();
        if (AgentPresence.of(target.pid()) == AgentPresence.ABSENT) {
            throw CliFailure.failed("faultline was never loaded into JVM " + target.pid() + ": nothing to detach");
        }
        target.loadAgent(AgentJar.locate(), AgentCore.DETACH);
        out.println("faultline: detach sent to JVM " + target.pid() + "; its stderr shows 'faultline: detached'"
                + " (or that the agent was not running there)");
        return Cli.OK;
    }
}
