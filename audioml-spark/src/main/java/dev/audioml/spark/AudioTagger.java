package dev.audioml.spark;

import dev.audioml.onnx.AudioModel;
import dev.audioml.spark.internal.Rows;
import dev.audioml.spark.internal.TagScan;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Tags a corpus with a model on Spark: every file is scored as {@code audioml classify} scores it (same presets,
 * trained models and feature specs; same windows and scores), inside {@code mapPartitions}. The model's bytes are
 * broadcast once; each executor JVM opens one model (its ONNX Runtime sessions) keyed by the bytes' SHA-256 and shares
 * it between its task threads until it shuts down. Each session runs a window on one thread by default
 * ({@link Builder#intraOpThreads}): Spark already runs one task per core, and ONNX Runtime's own pool of one thread per
 * core in every task would make the tasks compete for the same cores.
 *
 * <pre>{@code
 * AudioTagger tagger = AudioTagger.builder().model("model.onnx").build();
 * try (TagResult r = tagger.tag(AudioMLSpark.readAudio(spark, "hdfs:///archive/2019"))) {
 *     r.windows().write().parquet("windows.parquet");
 *     r.status().where("error IS NOT NULL").show();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AudioTagger {
    private final ModelSpec model;
    private final int hopSamples;
    private final int sampleRateHz;
    private final int intraOpThreads;

    private AudioTagger(ModelSpec model, int hopSamples, int sampleRateHz, int intraOpThreads) {
        this.model = model;
        this.hopSamples = hopSamples;
        this.sampleRateHz = sampleRateHz;
        this.intraOpThreads = intraOpThreads;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the hop between windows, in samples at the model's rate */
    public int hopSamples() {
        return hopSamples;
    }

    /** @return the model's rate in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /**
     * Scores every file of {@code input}. Lazy: nothing runs until an output is used.
     *
     * @param input {@code path} and optionally {@code content} (see {@link AudioMLSpark})
     * @return windows, events and per-file status; close it to release the kept rows
     * @throws IllegalArgumentException if the input lacks the columns
     */
    public TagResult tag(Dataset<Row> input) {
        Dataset<Row> files = AudioMLSpark.files(input);
        SparkSession spark = files.sparkSession();
        Broadcast<ModelSpec> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
        Dataset<Row> rows = files.mapPartitions(new TagScan(shipped, model.sha256(), hopSamples, intraOpThreads),
                Encoders.row(Rows.SCHEMA));
        return new TagResult(rows.persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /** Builds an {@link AudioTagger}; {@link #build()} opens the model once on the driver to check it. */
    public static final class Builder {
        private ModelSpec model;
        private Double hopSeconds;
        private int intraOpThreads = 1;

        private Builder() {
        }

        /**
         * @param nameOrPath an ONNX file (metadata in it or next to it) or a preset name, as {@code --model}
         * @return this
         */
        public Builder model(String nameOrPath) {
            this.model = ModelSpec.of(nameOrPath);
            return this;
        }

        /**
         * @param spec the model
         * @return this
         */
        public Builder model(ModelSpec spec) {
            this.model = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * @param seconds hop between windows in seconds, as {@code classify --hop}; null for the model's own
         * @return this
         */
        public Builder hopSeconds(Double seconds) {
            this.hopSeconds = AudioMLSpark.requirePositiveSeconds("hopSeconds", seconds);
            return this;
        }

        /**
         * @param threads ONNX Runtime intra-op threads of each session an executor opens for a model file, at least 0
         *     (0: ONNX Runtime's choice, one per core); default 1, as every task thread already has a core. Presets
         *     always run on one thread, as their reference wrappers do
         * @return this
         */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime's choice), got "
                        + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * Opens the model on the driver (fetching a preset if needed) and checks the hop against it.
         *
         * @return the tagger
         * @throws IllegalStateException without a model
         * @throws IllegalArgumentException if the model cannot be used (unknown preset, bad metadata, a hop given for a
         *     stateful model)
         */
        public AudioTagger build() {
            if (model == null) {
                throw new IllegalStateException("AudioTagger.Builder: model is required");
            }
            try (AudioModel m = model.open()) {
                if (hopSeconds != null && m.isStateful()) {
                    throw new IllegalArgumentException("a hop does not apply to a stateful model: " + model.argument()
                            + " runs on back-to-back windows of " + m.windowSamples() + " samples");
                }
                int hop = hopSeconds == null ? m.hopSamples()
                        : Math.max(1, (int) Math.round(hopSeconds * m.sampleRateHz()));
                return new AudioTagger(model, hop, m.sampleRateHz(), intraOpThreads);
            }
        }
    }
}
