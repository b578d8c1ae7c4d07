package dev.audioml.spark;

import dev.audioml.spark.internal.Rows;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The outputs of one scan over a corpus. The files are scanned once, lazily on the first action, and the rows kept
 * (memory and disk) for every output until {@link #close()}.
 *
 * <p>Thread-safe as Spark's {@code Dataset} is.
 *
 * @since 0.1
 */
public final class TagResult implements AutoCloseable {
    private final Dataset<Row> rows;

    TagResult(Dataset<Row> rows) {
        this.rows = rows;
    }

    /** @return window scores {@code (path, start_s, end_s, label, score)}: one row per window and label */
    public Dataset<Row> windows() {
        return select(Rows.WINDOW, "start_s", "end_s", "label", "score");
    }

    /**
     * @return events {@code (path, label, start_s, end_s, score)} by the model's own events step (threshold 0.5 for
     *     most models, {@code get_speech_timestamps} for Silero), with the peak score
     */
    public Dataset<Row> events() {
        return select(Rows.EVENT, "label", "start_s", "end_s", "score");
    }

    /** @return embeddings {@code (path, start_s, vector)}, one row per window (from {@link AudioEmbedder}) */
    public Dataset<Row> embeddings() {
        return select(Rows.EMBEDDING, "start_s", "vector");
    }

    /**
     * @return one row per input file {@code (path, duration_s, error)}: the duration in seconds of a file read to the
     *     end with {@code error} null, or a null duration and the error on one line
     */
    public Dataset<Row> status() {
        return select(Rows.STATUS, "duration_s", "error");
    }

    /** Releases the kept rows. Idempotent. */
    @Override
    public void close() {
        rows.unpersist();
    }

    private Dataset<Row> select(String kind, String... columns) {
        List<String> all = new java.util.ArrayList<>(List.of("path"));
        all.addAll(List.of(columns));
        return rows.where(functions.col("kind").equalTo(kind))
                .select(all.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new));
    }
}
