package dev.audioml.core.sink;

import dev.audioml.core.Classification;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per window (RFC 4180: CRLF line ends, fields holding a comma, quote, CR or LF are quoted with
 * quotes doubled): a header {@code start_s,end_s,<label>,...} with the labels given to {@link #open} (or, if it was
 * not called, those of the first classification), then {@code start_s,end_s,<score>,...} per window; a label the
 * window does not carry (post-processing may report fewer) gets an empty field. Events are not written (use
 * {@link JsonlSink}). Seconds as in {@link JsonlSink}; scores as
 * {@link Float#toString(float)} writes them ({@code NaN}, {@code Infinity} included).
 *
 * <p>Built on a {@link Path}, the sink creates (truncates) the file as UTF-8 and closes it; built on a {@link Writer},
 * it flushes but does not close it.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class CsvSink extends WriterSink {
    private List<String> columns;
    private final Map<String, Integer> columnIndex = new HashMap<>();

    /** @param out where rows go; not closed by this sink */
    public CsvSink(Writer out) {
        super(out, false, "\r\n");
    }

    /** @param path file to create (truncated if it exists); owned and closed by this sink */
    public CsvSink(Path path) {
        super(create(path), true, "\r\n");
    }

    @Override
    public void open(List<String> labels) {
        ensureOpen();
        if (columns != null) {
            return;
        }
        columns = List.copyOf(labels);
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.put(columns.get(i), i);
        }
        StringBuilder header = new StringBuilder("start_s,end_s");
        for (String label : columns) {
            field(header.append(','), label);
        }
        writeLine(header);
    }

    @Override
    public void onClassification(Classification c) {
        open(c.labels());
        String[] cells = new String[columns.size()];
        for (int i = 0; i < c.labels().size(); i++) {
            Integer column = columnIndex.get(c.labels().get(i));
            if (column != null) {
                cells[column] = Float.toString(c.score(i));
            }
        }
        StringBuilder row = new StringBuilder(Json.seconds(c.startSeconds())).append(',').append(Json.seconds(c.endSeconds()));
        for (String cell : cells) {
            row.append(',').append(cell == null ? "" : cell);
        }
        writeLine(row);
    }

    /** Appends {@code value} as one RFC 4180 field. */
    static StringBuilder field(StringBuilder out, String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? out.append('"').append(value.replace("\"", "\"\"")).append('"') : out.append(value);
    }
}
