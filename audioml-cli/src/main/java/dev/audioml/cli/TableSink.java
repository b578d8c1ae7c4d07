package dev.audioml.cli;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a readable timeline: one line per window with its span and best labels, one line per event. Does not close
 * the writer.
 */
final class TableSink implements Sink {
    private final PrintWriter out;
    private final int topK;

    TableSink(PrintWriter out, int topK) {
        this.out = out;
        this.topK = topK;
    }

    @Override
    public void onClassification(Classification c) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9.3f-%-9.3f", c.startSeconds(), c.endSeconds()));
        for (Classification.Score s : c.topK(topK)) {
            line.append(String.format(Locale.ROOT, "  %s %.3f", s.label(), s.score()));
        }
        out.println(line);
    }

    @Override
    public void onEvent(Event e) {
        out.println(String.format(Locale.ROOT, "%9.3f-%-9.3f  EVENT %s peak %.3f", e.startSeconds(), e.endSeconds(), e.label(), e.peakScore()));
    }

    @Override
    public void close() {
        out.flush();
    }
}
