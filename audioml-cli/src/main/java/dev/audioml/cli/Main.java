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
            commandLine.getErr().println("audioml " + commandLine.getCommandName() + ": " + oneLine(ex));
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
