package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.AttachOutcome;
import dev.faultline.agent.internal.options.OptionsParser;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code attach PID [OPTIONS]}: loads the agent into a running JVM and says what the agent
 * did there (read back through {@link AttachOutcome}): started, with how many methods it
 * traces; refused, because it already runs there; or its options refused. The options are
 * checked here first, so that a typo fails fast with exit code 2 and nothing is sent; an
 * option string with {@code config=} is passed on unchecked, because the file is read by
 * the target JVM, in its own working directory.
 */
final class AttachCommand implements Command {
    @Override
    public String name() {
        return "attach";
    }

    @Override
    public String synopsis() {
        return "attach PID [OPTIONS]";
    }

    @Override
    public String summary() {
        return "load the agent into a running JVM, e.g. attach 4242 trace=com.acme.Store#load";
    }

    @Override
    public String help() {
        return "OPTIONS are the agent's options, as after -javaagent:faultline-agent.jar=, e.g.\n"
                + "trace=com.acme.Store#load,dump=exit,sink=stderr (none: the defaults). They are checked here\n"
                + "first; a config=FILE is read by the JVM, in its working directory. The classes already\n"
                + "loaded are retransformed. This prints what the agent did: how many methods it traces in\n"
                + "the classes loaded so far and where its dumps go, which are written in that JVM (its\n"
                + "stderr, its SLF4J logger or a file), not here.\n"
                + "\nexit codes:\n"
                + "  0  the agent started in that JVM\n"
                + "  1  the agent did not start: it already runs there (detach it first), it failed, or the\n"
                + "     JVM refused the agent jar\n"
                + "  2  bad usage or bad agent options (also those that JVM found: a config file, a report or\n"
                + "     sink file it cannot write); the agent did not start\n"
                + "  3  no JVM with that PID, or it does not accept an attach\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        TargetJvm target = TargetJvm.fromArgs(args, 2);
        String options = args.size() > 1 ? args.get(1) : "";
        if (!namesConfigFile(options)) {
            OptionsParser.Result parsed = OptionsParser.parse(options);
            if (!parsed.ok()) {
                for (String error : parsed.errors) {
                    err.println("faultline: error: " + error);
                }
                throw CliFailure.usage("bad agent options: nothing was sent to JVM " + target.pid());
            }
        }
        AttachOutcome outcome = target.loadAgent(AgentJar.locate(), options);
        long pid = target.pid();
        switch (outcome.status) {
            case AttachOutcome.STARTED:
                started(outcome, pid, options, out, err);
                return Cli.OK;
            case AttachOutcome.ALREADY_RUNNING:
                String running = outcome.first(AttachOutcome.OPTIONS, "");
                throw CliFailure.failed("the agent already runs in JVM " + pid
                        + (running.isEmpty() ? " with the default options" : " with options '" + running + "'")
                        + "; nothing changed: detach it first (java -jar faultline-agent.jar detach " + pid
                        + "), then attach with the new options");
            case AttachOutcome.BAD_OPTIONS:
                for (String error : outcome.all(AttachOutcome.ERROR)) {
                    err.println("faultline: error: " + error);
                }
                throw CliFailure.usage("bad agent options: the agent did not start in JVM " + pid);
            case AttachOutcome.FAILED:
                throw CliFailure.failed("the agent could not start in JVM " + pid + ": "
                        + outcome.first(AttachOutcome.ERROR, "(no cause given)"));
            default:
                throw CliFailure.failed("the agent in JVM " + pid + " answered '" + outcome.status
                        + "', which this command does not know; that JVM's stderr says more");
        }
    }

    private static void started(AttachOutcome outcome, long pid, String options, PrintStream out, PrintStream err) {
        long methods = number(outcome.first(AttachOutcome.METHODS, "0"));
        String dump = outcome.first(AttachOutcome.DUMP, "");
        String sink = outcome.first(AttachOutcome.SINK, "");
        out.println("faultline: agent started in JVM " + pid
                + (options.isEmpty() ? " with the default options" : " with options '" + options + "'") + ": "
                + Plural.of(methods, "method") + " traced in the classes loaded so far; "
                + (dump.equals("none") ? "no dumps (dump=none)" : "dumps" + (dump.isEmpty() ? "" : " at " + dump)
                + " go to " + (sink.equals("stderr") ? "that JVM's stderr" : sink)));
        for (String pattern : outcome.all(AttachOutcome.UNMATCHED)) {
            err.println("faultline: warning: pattern '" + pattern + "' matches no method of the classes JVM " + pid
                    + " has loaded so far; classes it loads later are matched as they load");
        }
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean namesConfigFile(String options) {
        for (String option : options.split(",")) {
            int eq = option.indexOf('=');
            if (eq > 0 && option.substring(0, eq).trim().equals("config")) {
                return true;
            }
        }
        return false;
    }
}
