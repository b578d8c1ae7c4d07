package dev.audioml.cli;

import java.io.PrintWriter;
import java.util.Locale;
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
        // Java 17 cannot ask about stderr alone: a console means an interactive session
        Progress.terminal = System.console() != null && System.getenv("AUDIOML_NO_PROGRESS") == null;
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
        return run(args, out, err, System.getenv("COLUMNS"));
    }

    /**
     * Runs the CLI with help wrapped to a given width.
     *
     * @param columns the terminal width as {@code $COLUMNS} gives it, or null to detect it (picocli asks the
     *     terminal; 80 when there is none)
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, String columns) {
        CommandLine cli = AudioMLCommand.commandLine(args);
        AudioMLCommand root = cli.getCommand();
        cli.setOut(out);
        cli.setErr(err);
        Integer width = usageWidth(columns);
        if (width != null) {
            cli.setUsageHelpWidth(width);
        } else {
            cli.setUsageHelpAutoWidth(true);
        }
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (root.verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ex instanceof UsageException ? 2 : 1;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes picocli's handler; say what to do in one line instead of the JVM's stack trace
            err.printf(Locale.ROOT, "audioml: out of memory (Java heap limit %d MiB); raise it with"
                    + " AUDIOML_JAVA_OPTS=-Xmx<size>, e.g. -Xmx4g%n", Runtime.getRuntime().maxMemory() >> 20);
            if (root.verbose) {
                e.printStackTrace(err);
            }
            code = 1;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Narrowest help picocli lays out (its own minimum). */
    static final int MIN_USAGE_WIDTH = 55;
    /** Widest help: wider lines are hard to read even on a wide terminal. */
    static final int MAX_USAGE_WIDTH = 160;

    /**
     * @param columns {@code $COLUMNS}, or null
     * @return the help width for it, clamped to [{@value #MIN_USAGE_WIDTH}, {@value #MAX_USAGE_WIDTH}], or null when
     *     it is not set or not a number
     */
    static Integer usageWidth(String columns) {
        if (columns == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(columns.strip());
            return n < 1 ? null : Math.max(MIN_USAGE_WIDTH, Math.min(MAX_USAGE_WIDTH, n));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The exception's message on one line, falling back to its type, with causes' messages when they add to it. */
    static String oneLine(Throwable ex) {
        String msg = ex instanceof java.nio.file.FileSystemException fs ? describe(fs) : ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        Throwable cause = ex.getCause();
        String causeMessage = cause instanceof java.nio.file.FileSystemException fs ? describe(fs)
                : cause == null ? null : cause.getMessage();
        if (causeMessage != null && !msg.contains(causeMessage)) {
            msg = msg + ": " + causeMessage;
        }
        return msg.replace('\n', ' ').trim();
    }

    /**
     * A file-system failure as "path: reason": the JDK's messages for these are the bare path (e.g. a
     * {@link java.nio.file.NoSuchFileException} reads "/proc/nope").
     */
    static String describe(java.nio.file.FileSystemException e) {
        String reason = e.getReason();
        if (reason == null) {
            reason = e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException
                            ? e.getFile() != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(e.getFile()))
                                    ? "is a file, where a folder is needed" : "already exists"
                    : e instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : e instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : e.getClass().getSimpleName();
        }
        String file = e.getFile() == null ? "" : e.getFile();
        return (e.getOtherFile() == null ? file : file + " -> " + e.getOtherFile()) + ": " + reason;
    }

    /** A bad argument found after parsing (exit code 2). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
