package dev.audioml.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * How a command over many files treats a bad one: one line on stderr naming it, then the next file; at the end a
 * summary line and exit 1. With {@code --fail-fast} the first bad file ends the command (exit 1, no summary).
 *
 * <p>Not thread-safe: one per command run.
 */
final class FileFailures {
    private final String command;
    private final PrintWriter err;
    private final boolean failFast;
    private int failed;
    private int total;

    FileFailures(String command, PrintWriter err, boolean failFast) {
        this.command = command;
        this.err = err;
        this.failFast = failFast;
    }

    /** Counts one file handled. */
    void attempted() {
        total++;
    }

    /**
     * Reports a bad file; rethrows under --fail-fast, and always rethrows usage errors (exit 2).
     *
     * @param file the file
     * @param e why it failed
     */
    void failed(Path file, Exception e) throws Exception {
        if (failFast || e instanceof Main.UsageException) {
            throw e;
        }
        failed++;
        String line = Main.oneLine(e);
        err.println("audioml " + command + ": " + (line.contains(file.toString()) ? line : file + ": " + line));
        err.flush();
    }

    /** @return 0 when every file went well, else 1 after printing "N of M files failed" */
    int exitCode() {
        if (failed == 0) {
            return 0;
        }
        err.println("audioml " + command + ": " + failed + " of " + total + " files failed");
        err.flush();
        return 1;
    }
}
