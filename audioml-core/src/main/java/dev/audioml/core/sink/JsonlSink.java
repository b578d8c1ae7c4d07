package dev.audioml.core.sink;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one JSON object per line (JSON Lines): per window
 * {@code {"file":..., "start_s":..., "end_s":..., "scores":{label: score, ...}, "top":[{"label":..., "score":...}]}}
 * ({@code top} holds the best labels, highest first, at most {@code topK}) and per event
 * {@code {"file":..., "event": label, "start_s":..., "end_s":..., "score": peak}}. Seconds have up to 6 decimals;
 * scores are the shortest decimal that reads back as the same float ({@code null} for NaN or infinity). Each line is
 * flushed as written.
 *
 * <p>Built on a {@link Path}, the sink creates (truncates) the file as UTF-8 and closes it; built on a {@link Writer},
 * it flushes but does not close it (the caller owns it, e.g. one writer shared by the sinks of several files).
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class JsonlSink extends WriterSink {
    /** How many labels {@code top} lists unless told otherwise. */
    public static final int DEFAULT_TOP_K = 3;

    private final String fileName;
    private final int topK;

    /**
     * @param out where lines go; not closed by this sink
     * @param fileName value of the {@code "file"} field (the audio's name), or null
     */
    public JsonlSink(Writer out, String fileName) {
        this(out, fileName, DEFAULT_TOP_K);
    }

    /**
     * @param out where lines go; not closed by this sink
     * @param fileName value of the {@code "file"} field (the audio's name), or null
     * @param topK most labels in {@code "top"}, at least 1
     */
    public JsonlSink(Writer out, String fileName, int topK) {
        super(out, false, "\n");
        this.fileName = fileName;
        this.topK = requireTopK(topK);
    }

    /**
     * @param path file to create (truncated if it exists); owned and closed by this sink
     * @param fileName value of the {@code "file"} field (the audio's name), or null
     */
    public JsonlSink(Path path, String fileName) {
        super(create(path), true, "\n");
        this.fileName = fileName;
        this.topK = DEFAULT_TOP_K;
    }

    private static int requireTopK(int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        }
        return topK;
    }

    @Override
    public void onClassification(Classification c) {
        StringBuilder line = span(c.startSeconds(), c.endSeconds()).append(",\"scores\":{");
        List<String> labels = c.labels();
        for (int i = 0; i < labels.size(); i++) {
            Json.string(i == 0 ? line : line.append(','), labels.get(i)).append(':');
            Json.number(line, c.score(i));
        }
        line.append("},\"top\":[");
        if (!labels.isEmpty()) {
            List<Classification.Score> top = c.topK(topK);
            for (int i = 0; i < top.size(); i++) {
                Json.string((i == 0 ? line : line.append(',')).append("{\"label\":"), top.get(i).label());
                Json.number(line.append(",\"score\":"), top.get(i).score()).append('}');
            }
        }
        writeLine(line.append("]}"));
    }

    @Override
    public void onEvent(Event e) {
        StringBuilder line = Json.string(new StringBuilder("{\"file\":"), fileName);
        Json.string(line.append(",\"event\":"), e.label());
        line.append(",\"start_s\":").append(Json.seconds(e.startSeconds()));
        line.append(",\"end_s\":").append(Json.seconds(e.endSeconds()));
        writeLine(Json.number(line.append(",\"score\":"), e.peakScore()).append('}'));
    }

    private StringBuilder span(double startSeconds, double endSeconds) {
        StringBuilder line = Json.string(new StringBuilder("{\"file\":"), fileName);
        return line.append(",\"start_s\":").append(Json.seconds(startSeconds))
                .append(",\"end_s\":").append(Json.seconds(endSeconds));
    }
}
