package dev.faultline.agent.internal.cli;

/** Why a command stopped, as one line for the user, with the {@link Cli} exit code to return. */
final class CliFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Bad usage: {@link Cli#USAGE}. */
    static CliFailure usage(String message) {
        return new CliFailure(Cli.USAGE, message);
    }

    /** No JVM to attach to: {@link Cli#NO_JVM}. */
    static CliFailure noJvm(String message) {
        return new CliFailure(Cli.NO_JVM, message);
    }

    /** The operation failed: {@link Cli#FAILED}. */
    static CliFailure failed(String message) {
        return new CliFailure(Cli.FAILED, message);
    }
}
