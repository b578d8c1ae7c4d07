package dev.audioml.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The outcome of one {@link Main#run} in a test: exit code, standard output and standard error.
 *
 * @param code exit code
 * @param out what was printed on standard output
 * @param err what was printed on standard error
 */
record CliRun(int code, String out, String err) {
    /**
     * @param args command-line arguments
     * @return the outcome
     */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
