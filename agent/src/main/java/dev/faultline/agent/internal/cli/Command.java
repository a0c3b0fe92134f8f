package dev.faultline.agent.internal.cli;

import java.io.PrintStream;
import java.util.List;

/** One command of the {@link Cli}: its name, its one-line help, and what it does. */
interface Command {
    /** The word that names it on the command line. */
    String name();

    /** The command with its arguments, as the usage text shows it. */
    String synopsis();

    /** What it does, in one line. */
    String summary();

    /**
     * What {@code help NAME} prints below the synopsis and the summary: the arguments, what
     * it prints, and its exit codes; lines of at most 100 characters, each ending in a line
     * separator.
     */
    String help();

    /**
     * Runs the command with the arguments after its name, writing results to {@code out}
     * and problems to {@code err}; returns a {@link Cli} exit code.
     *
     * @throws CliFailure when it cannot go on; its message is printed, its code returned
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure;
}
