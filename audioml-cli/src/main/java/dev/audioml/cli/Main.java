package dev.audioml.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code audioml} command: exit 0 ok, 1 runtime error, 2 usage error. */
public final class Main {
    /**
     * Log records (decode warnings from the library) as one line on stderr, "audioml: WARNING: file: problem",
     * instead of java.util.logging's two-line default; set before the first logger is made. A user's own
     * {@code -Djava.util.logging.SimpleFormatter.format} wins.
     */
    static final String LOG_FORMAT = "audioml: %4$s: %5$s%6$s%n";

    static {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
    }

    private Main() {
    }

    /** @param args command-line arguments */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the CLI without exiting the JVM (for tests and embedding).
     *
     * @param args arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        AudioMLCommand root = new AudioMLCommand();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (root.verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ex instanceof UsageException ? 2 : 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The exception's message on one line, falling back to its type, with causes' messages when they add to it. */
    static String oneLine(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        Throwable cause = ex.getCause();
        if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
            msg = msg + ": " + cause.getMessage();
        }
        return msg.replace('\n', ' ').trim();
    }

    /** A bad argument found after parsing (exit code 2). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
