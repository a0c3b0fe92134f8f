package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.options.OptionsParser;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code attach PID [OPTIONS]}: loads the agent into a running JVM. The options are checked
 * here first, so that a typo fails fast with exit code 2 instead of only on the target's
 * stderr; an option string with {@code config=} is passed on unchecked, because the file
 * is read by the target JVM, in its own working directory.
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
        target.loadAgent(AgentJar.locate(), options);
        out.println("faultline: agent loaded into JVM " + target.pid()
                + (options.isEmpty() ? " with the default options" : " with options '" + options + "'")
                + "; that JVM's stderr shows the agent's messages (and whether it started)");
        return Cli.OK;
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
