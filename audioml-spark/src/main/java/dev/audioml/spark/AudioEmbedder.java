package dev.audioml.spark;

import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.spark.internal.EmbedScan;
import dev.audioml.spark.internal.Rows;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.embed.LogMelStatsBackbone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes a training backbone's embeddings of a corpus on Spark: {@code (path, start_s, vector)} per window, the very
 * vectors {@code audioml train} fits its head on (same backbone, window, hop and pooling). Backbones are not
 * thread-safe, so each executor keeps one per task thread and reuses it for every file.
 *
 * <p>An {@code onnx:PATH} backbone's file must be readable at {@code PATH} on every executor; pretrained backbones
 * ({@code oww-embedding}) come from each executor's model cache ({@code AUDIOML_CACHE}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AudioEmbedder {
    private final String backbone;
    private final double windowSeconds;
    private final int hopSamples;
    private final String pooling;
    private final int[] columns;
    private final int sampleRateHz;

    private AudioEmbedder(Builder b, Backbone opened, String pooling) {
        this.backbone = b.backbone;
        this.windowSeconds = b.windowSeconds;
        this.sampleRateHz = opened.sampleRateHz();
        this.hopSamples = Math.max(1, (int) Math.round((b.hopSeconds == null ? b.windowSeconds / 2 : b.hopSeconds)
                * sampleRateHz));
        this.pooling = pooling;
        this.columns = opened.columns(pooling);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the backbone's name */
    public String backbone() {
        return backbone;
    }

    /** @return the window in seconds */
    public double windowSeconds() {
        return windowSeconds;
    }

    /** @return the hop in seconds */
    public double hopSeconds() {
        return (double) hopSamples / sampleRateHz;
    }

    /** @return the pooling whose columns the vectors hold */
    public String pooling() {
        return pooling;
    }

    /** @return the length of every vector */
    public int dimension() {
        return columns.length;
    }

    /**
     * Embeds every file of {@code input}. Lazy: nothing runs until an output is used.
     *
     * @param input {@code path} and optionally {@code content} (see {@link AudioMLSpark})
     * @return {@link TagResult#embeddings()} and {@link TagResult#status()}; close it to release the kept rows
     */
    public TagResult embed(Dataset<Row> input) {
        Dataset<Row> rows = AudioMLSpark.files(input).mapPartitions(
                new EmbedScan(backbone, windowSeconds, hopSamples, columns), Encoders.row(Rows.SCHEMA));
        return new TagResult(rows.persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /**
     * @return a backbone like the executors', opened on the caller's thread; the caller closes it
     */
    Backbone openBackbone() {
        return Backbones.open(backbone, windowSeconds, ModelCache.defaultCache(System.err::println));
    }

    /** Builds an {@link AudioEmbedder}; {@link #build()} opens the backbone once on the driver to check it. */
    public static final class Builder {
        private String backbone = LogMelStatsBackbone.NAME;
        private double windowSeconds = 1.0;
        private Double hopSeconds;
        private String pooling;

        private Builder() {
        }

        /**
         * @param name {@code logmel-stats} (default), {@code oww-embedding} or {@code onnx:PATH[#TENSOR]}, as
         *     {@code audioml train --backbone}
         * @return this
         */
        public Builder backbone(String name) {
            this.backbone = java.util.Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param seconds the window in seconds, in (0, 60]; default 1
         * @return this
         */
        public Builder windowSeconds(double seconds) {
            this.windowSeconds = seconds;
            return this;
        }

        /**
         * @param seconds the hop in seconds, positive; null (default) for half the window
         * @return this
         */
        public Builder hopSeconds(Double seconds) {
            this.hopSeconds = AudioMLSpark.requirePositiveSeconds("hopSeconds", seconds);
            return this;
        }

        /**
         * @param name one of the backbone's poolings; null (default) for its default
         * @return this
         */
        public Builder pooling(String name) {
            this.pooling = name;
            return this;
        }

        /**
         * @return the embedder
         * @throws IllegalArgumentException for an unknown backbone or pooling, or a window out of range
         */
        public AudioEmbedder build() {
            try (Backbone b = Backbones.open(backbone, windowSeconds, ModelCache.defaultCache(System.err::println))) {
                String p = pooling == null ? b.poolings().get(0) : pooling;
                return new AudioEmbedder(this, b, p);
            }
        }
    }
}
