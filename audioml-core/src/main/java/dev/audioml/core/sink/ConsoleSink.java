package dev.audioml.core.sink;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Prints one line per window: start time, top label, its score and a bar of {@value #BAR_WIDTH} characters, e.g.
 * {@code    1.500 s  dog                       0.873 |#################   |}; and one line per event:
 * {@code    1.500 s  EVENT dog 1.500-3.000 s peak 0.912}. Numbers use {@link Locale#ROOT}.
 *
 * <p>Never closes the stream or writer it was given (it flushes it).
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class ConsoleSink extends WriterSink {
    /** Characters in the score bar (a score of 1 fills it). */
    public static final int BAR_WIDTH = 20;
    private static final String FULL = "#".repeat(BAR_WIDTH);
    private static final String EMPTY = " ".repeat(BAR_WIDTH);

    /** @param out where lines go, e.g. {@code System.out} (encoded in the platform charset); not closed */
    public ConsoleSink(PrintStream out) {
        this(new OutputStreamWriter(out, Charset.defaultCharset()));
    }

    /** @param out where lines go; not closed */
    public ConsoleSink(Writer out) {
        super(out, false, System.lineSeparator());
    }

    @Override
    public void onClassification(Classification c) {
        if (c.labels().isEmpty()) {
            return;
        }
        Classification.Score top = c.top();
        float clamped = Float.isNaN(top.score()) ? 0 : Math.max(0, Math.min(1, top.score()));
        int filled = Math.round(clamped * BAR_WIDTH);
        writeLine(String.format(Locale.ROOT, "%9.3f s  %-24s %6.3f |%s%s|", c.startSeconds(), top.label(), top.score(),
                FULL.substring(0, filled), EMPTY.substring(filled)));
    }

    @Override
    public void onEvent(Event e) {
        writeLine(String.format(Locale.ROOT, "%9.3f s  EVENT %s %.3f-%.3f s peak %.3f", e.startSeconds(), e.label(),
                e.startSeconds(), e.endSeconds(), e.peakScore()));
    }
}
