package dev.audioml.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long step on stderr, in a form that suits where stderr goes: on a terminal one line redrawn in place
 * (at most 5 times a second, erased at the end); otherwise (a log, a pipe, a test) a plain line at most every
 * {@value #LOG_INTERVAL_SECONDS} s, so a long run shows it is alive without filling the log. Steps that finish within
 * that interval print nothing.
 *
 * <p>Not thread-safe: call from the thread doing the work.
 */
final class Progress implements AutoCloseable {
    /** Seconds between progress lines when stderr is not a terminal. */
    static final int LOG_INTERVAL_SECONDS = 10;
    private static final long REDRAW_NANOS = 200_000_000L;

    /** Whether the process's stderr is an interactive terminal (set by {@link Main#main}; false when embedded). */
    static volatile boolean terminal;

    private final PrintWriter err;
    private final String what;
    private final boolean inPlace;
    private final long started = System.nanoTime();
    private long lastPrinted;
    private boolean drawn;

    /**
     * @param err where progress goes
     * @param what the step, e.g. "audioml eval: scoring clips"
     */
    Progress(PrintWriter err, String what) {
        this(err, what, terminal);
    }

    Progress(PrintWriter err, String what, boolean inPlace) {
        this.err = err;
        this.what = what;
        this.inPlace = inPlace;
        this.lastPrinted = started;
    }

    /**
     * @param done units done
     * @param total units in all
     */
    void update(long done, long total) {
        long now = System.nanoTime();
        if (inPlace) {
            if (now - lastPrinted >= REDRAW_NANOS || done == total) {
                err.print("\r" + line(done, total) + "   ");
                err.flush();
                drawn = true;
                lastPrinted = now;
            }
        } else if (now - lastPrinted >= LOG_INTERVAL_SECONDS * 1_000_000_000L && done < total) {
            err.println(line(done, total));
            err.flush();
            lastPrinted = now;
        }
    }

    private String line(long done, long total) {
        return String.format(Locale.ROOT, "%s: %d/%d (%.0f %%, %.0f s)", what, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, (System.nanoTime() - started) / 1e9);
    }

    /** Erases the in-place line, if one was drawn. */
    @Override
    public void close() {
        if (inPlace && drawn) {
            err.print("\r" + " ".repeat(what.length() + 40) + "\r");
            err.flush();
            drawn = false;
        }
    }
}
