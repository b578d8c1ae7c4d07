package dev.audioml.spark;

import dev.audioml.train.embed.Backbone;
import dev.audioml.train.export.HeadExport;
import dev.audioml.train.head.Head;
import dev.audioml.train.head.HeadTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Trains a classifier on a labelled corpus at Spark scale: the embeddings are computed on the executors
 * ({@link AudioEmbedder}), the head is fitted on the driver by audioml-train's {@link HeadTrainer} (scikit-learn's
 * logistic regression or MLP objective, class-balanced weights as {@code audioml train}'s default) and exported by
 * {@link HeadExport} as the same self-contained model {@code audioml train} writes (backbone, pooling and head in one
 * graph; labels, window and hop in its metadata), so {@code classify}, {@code live} and {@link AudioTagger} take it.
 *
 * <p>Unlike {@code audioml train} it fits one configuration (no cross-validation, no level gate): the corpus is the
 * large part, the head small. The driver holds every window's vector: windows x dimension x 4 bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CorpusTrainer {
    private final AudioEmbedder embedder;
    private final double c;
    private final int hiddenUnits;
    private final long seed;
    private final int maxIterations;

    private CorpusTrainer(Builder b) {
        this.embedder = b.embedder;
        this.c = b.c;
        this.hiddenUnits = b.hiddenUnits;
        this.seed = b.seed;
        this.maxIterations = b.maxIterations;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a training run did.
     *
     * @param labels the classes, in the model's order (sorted)
     * @param files files embedded
     * @param failedFiles files that could not be read (left out; their errors are in the status rows)
     * @param windows training rows (windows)
     * @param trainingAccuracy the fitted head's accuracy on its own training windows, in [0, 1]
     */
    public record Result(List<String> labels, long files, long failedFiles, int windows, double trainingAccuracy) {
    }

    /**
     * Embeds {@code labelled} on Spark, fits the head on the driver and writes the model.
     *
     * @param labelled {@code path}, a string {@code label}, and optionally {@code content} (see {@link AudioMLSpark})
     * @param modelFile where to write the {@code .onnx} model
     * @return the run's summary
     * @throws IllegalArgumentException if the input lacks a label column or fewer than two labels have windows
     */
    public Result train(Dataset<Row> labelled, Path modelFile) {
        if (!Arrays.asList(labelled.columns()).contains("label")
                || !labelled.schema().apply("label").dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("training input needs a string column \"label\", got columns "
                    + Arrays.toString(labelled.columns()));
        }
        List<String> labels = new ArrayList<>();
        List<float[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        long files;
        long failed;
        try (TagResult embedded = embedder.embed(labelled)) {
            Dataset<Row> labels0 = labelled.select(functions.col("path"), functions.col("label"));
            Iterator<Row> rows = embedded.embeddings().join(labels0, "path").select("label", "vector")
                    .toLocalIterator();
            while (rows.hasNext()) {
                Row r = rows.next();
                List<Float> v = r.getList(1);
                float[] f = new float[v.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = v.get(i);
                }
                x.add(f);
                y.add(r.getString(0));
            }
            files = embedded.status().count();
            failed = embedded.status().where("error IS NOT NULL").count();
        }
        labels.addAll(new TreeSet<>(y));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("training needs windows of at least 2 labels, got " + labels);
        }
        int n = x.size();
        int k = labels.size();
        int[] yi = new int[n];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            yi[i] = labels.indexOf(y.get(i));
            counts[yi[i]]++;
        }
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = (double) n / (k * counts[yi[i]]); // scikit-learn's class_weight="balanced", as audioml train
        }
        float[][] xs = x.toArray(new float[0][]);
        Head head = HeadTrainer.builder().hidden(hiddenUnits).l2(1 / (c * Math.max(1, n))).maxIterations(maxIterations)
                .seed(seed).build().train(xs, yi, weights, k, it -> { }).head();
        int right = 0;
        for (int i = 0; i < n; i++) {
            double[] p = head.probabilities(xs[i]);
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            right += best == yi[i] ? 1 : 0;
        }
        try (Backbone b = embedder.openBackbone()) {
            HeadExport.write(modelFile, head, labels, b, embedder.pooling(),
                    new HeadExport.Framing(embedder.windowSeconds(), embedder.hopSeconds(), null),
                    Map.of("audioml-train.backbone", embedder.backbone(), "audioml-train.pooling", embedder.pooling(),
                            "audioml-train.head", hiddenUnits > 0 ? "mlp" : "logistic",
                            "audioml-train.C", Double.toString(c), "audioml-train.seed", Long.toString(seed)));
        }
        return new Result(List.copyOf(labels), files, failed, n, (double) right / n);
    }

    /** Builds a {@link CorpusTrainer}. */
    public static final class Builder {
        private AudioEmbedder embedder;
        private double c = 1.0;
        private int hiddenUnits;
        private long seed = 42;
        private int maxIterations = 500;

        private Builder() {
        }

        /**
         * @param embedder backbone, window, hop and pooling (required)
         * @return this
         */
        public Builder embedder(AudioEmbedder embedder) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            return this;
        }

        /**
         * @param c scikit-learn's inverse regularisation strength C, positive; default 1
         * @return this
         */
        public Builder c(double c) {
            if (!(c > 0 && c < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("C must be positive, got " + c);
            }
            this.c = c;
            return this;
        }

        /**
         * @param units hidden units of an MLP head; 0 (default) for logistic regression
         * @return this
         */
        public Builder hiddenUnits(int units) {
            if (units < 0) {
                throw new IllegalArgumentException("hiddenUnits must be >= 0, got " + units);
            }
            this.hiddenUnits = units;
            return this;
        }

        /**
         * @param seed initialises an MLP's hidden layer; default 42
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param n L-BFGS iterations at most, at least 1; default 500
         * @return this
         */
        public Builder maxIterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + n);
            }
            this.maxIterations = n;
            return this;
        }

        /**
         * @return the trainer
         * @throws IllegalStateException without an embedder
         */
        public CorpusTrainer build() {
            if (embedder == null) {
                throw new IllegalStateException("CorpusTrainer.Builder: embedder is required");
            }
            return new CorpusTrainer(this);
        }
    }
}
