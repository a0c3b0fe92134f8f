package dev.faultline.agent.internal.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line, {@code java -jar faultline-agent.jar COMMAND}: finds the command and
 * runs it. {@code FaultlineAgent.main} enters here in the agent's own class loader.
 *
 * <p>Exit codes, which scripts can rely on:
 * <ul>
 * <li>{@value #OK} — done (for {@code attach}: the agent started in that JVM, as it said
 *     through {@code AttachOutcome}; for {@code detach}: it was detached);</li>
 * <li>{@value #FAILED} — the operation failed: {@code doctor} found an essential missing,
 *     the JVM refused the agent jar, the agent already runs there ({@code attach}) or could
 *     not start, {@code detach} found faultline not running or never loaded in that JVM,
 *     the agent jar could not be found;</li>
 * <li>{@value #USAGE} — bad usage: no or unknown command, a missing or non-numeric PID,
 *     extra arguments, bad agent options (also those that the target JVM refused: a
 *     {@code config=} file, a report or sink file it cannot write);</li>
 * <li>{@value #NO_JVM} — no JVM to attach to: no such process, not a JVM, or the JVM
 *     does not accept an attach; for {@code top}, also a JVM that exits while watched.</li>
 * </ul>
 */
public final class Cli {
    /** Done. */
    public static final int OK = 0;
    /** The operation failed. */
    public static final int FAILED = 1;
    /** Bad usage. */
    public static final int USAGE = 2;
    /** No JVM with that PID, or it cannot be attached to. */
    public static final int NO_JVM = 3;

    private static final Map<String, Command> COMMANDS = commands();

    private Cli() {
    }

    /** Runs one command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command; returns its exit code. Never throws. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(usage());
            return USAGE;
        }
        String name = args.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            if (args.size() == 1) {
                out.print(usage());
                return OK;
            }
            Command command = COMMANDS.get(args.get(1));
            if (command == null || args.size() > 2) {
                err.println("faultline: " + (command == null ? "unknown command '" + args.get(1) + "' (known: "
                        + known() + ")" : "too many arguments: " + String.join(" ", args.subList(2, args.size())))
                        + "; usage: java -jar faultline-agent.jar help [COMMAND]");
                return USAGE;
            }
            out.print(help(command));
            return OK;
        }
        if (name.equals("--version")) {
            name = "version";
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            err.print(usage());
            err.println("faultline: unknown command '" + name + "' (known: " + known() + ")");
            return USAGE;
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(help(command));
            return OK;
        }
        try {
            return command.run(rest, out, err);
        } catch (CliFailure failure) {
            err.println("faultline: " + failure.getMessage());
            if (failure.exitCode == USAGE) {
                err.println("usage: java -jar faultline-agent.jar " + command.synopsis());
            }
            return failure.exitCode;
        } catch (RuntimeException | LinkageError e) {
            err.println("faultline: " + name + " failed: " + e);
            return FAILED;
        }
    }

    private static String known() {
        return String.join(", ", COMMANDS.keySet()) + ", help";
    }

    /** The help of one command: its synopsis, what it does, its arguments and exit codes. */
    static String help(Command command) {
        return "usage: java -jar faultline-agent.jar " + command.synopsis() + "\n\n" + command.summary() + "\n\n"
                + command.help();
    }

    /** The help text: every command and the exit codes. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar faultline-agent.jar COMMAND [ARGS]\n\ncommands:\n");
        for (Command command : COMMANDS.values()) {
            sb.append(String.format("  %-36s %s%n", command.synopsis(), command.summary()));
        }
        sb.append(String.format("  %-36s %s%n", "help [COMMAND]", "this text, or one command's (also -h, --help)"));
        sb.append("\nOPTIONS are the agent's options, as after -javaagent:faultline-agent.jar=,\n"
                + "e.g. trace=com.acme.Store#load,dump=exit,sink=stderr. attach prints what the agent did\n"
                + "there; its dumps and warnings are written in that JVM (its stderr, its logger or a file\n"
                + "sink), not here. Attach works only for JVMs of the same user.\n");
        sb.append("\nexit codes:\n"
                + "  0  done (attach: the agent started; detach: it was detached)\n"
                + "  1  the operation failed (doctor found an essential missing; attach: the agent already\n"
                + "     runs there or could not start, or the JVM refused it; detach: faultline is not\n"
                + "     running in that JVM, or was never loaded into it)\n"
                + "  2  bad usage (no or unknown command, missing or non-numeric PID, extra arguments,\n"
                + "     bad agent options, also those the JVM found when attached to)\n"
                + "  3  no JVM with that PID (no such process, not a JVM, or it does not accept an attach;\n"
                + "     top: the JVM exited while watched)\n");
        return sb.toString();
    }

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command command : List.of(new ListCommand(), new AttachCommand(), new DetachCommand(),
                new TopCommand(), new DoctorCommand(), new VersionCommand())) {
            commands.put(command.name(), command);
        }
        return commands;
    }
}
