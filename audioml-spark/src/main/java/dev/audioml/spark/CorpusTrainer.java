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
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a classifier on a labelled corpus at Spark scale: the embeddings are computed on the executors
 * ({@link AudioEmbedder}), the head is fitted on the driver by audioml-train's {@link HeadTrainer} (scikit-learn's
 * logistic regression or MLP objective, class-balanced weights as {@code audioml train}'s default) and exported by
 * {@link HeadExport} as the same self-contained model {@code audioml train} writes (backbone, pooling and head in one
 * graph; labels, window and hop in its metadata), so {@code classify}, {@code live} and {@link AudioTagger} take it.
 *
 * <p>Unlike {@code audioml train} it fits one configuration (no cross-validation, no level gate): the corpus is the
 * large part, the head small. The driver holds every window's vector (windows x dimension x 4 bytes), so above
 * {@link Builder#mllibAboveWindows} windows (or with {@link Builder#mllib}) a logistic head is fitted by Spark MLlib's
 * {@link LogisticRegression} on the executors instead: the same objective (multinomial log-loss with the balanced class
 * weights, L2 penalty {@code 1 / (C n)} on the standardized coefficients, as scikit-learn's {@code C} on standardized
 * inputs), exported as the same self-contained model.
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
    private final Boolean mllib;
    private final long mllibAboveWindows;

    private CorpusTrainer(Builder b) {
        this.embedder = b.embedder;
        this.c = b.c;
        this.hiddenUnits = b.hiddenUnits;
        this.seed = b.seed;
        this.maxIterations = b.maxIterations;
        this.mllib = b.mllib;
        this.mllibAboveWindows = b.mllibAboveWindows;
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
     * @param mllibModel the Spark MLlib model when MLlib fitted the head (its {@code probability} column is what the
     *     exported model computes), else null
     */
    public record Result(List<String> labels, long files, long failedFiles, long windows, double trainingAccuracy,
            LogisticRegressionModel mllibModel) {
        /** @return whether Spark MLlib fitted the head (rather than the driver) */
        public boolean isMllib() {
            return mllibModel != null;
        }
    }

    /**
     * Embeds {@code labelled} on Spark, fits the head on the driver or with MLlib (see {@link Builder#mllib}) and
     * writes the model.
     *
     * @param labelled {@code path}, a string {@code label}, and optionally {@code content} (see {@link AudioMLSpark})
     * @param modelFile where to write the {@code .onnx} model
     * @return the run's summary
     * @throws IllegalArgumentException if the input lacks a label column, fewer than two labels have windows, or MLlib
     *     is asked to fit an MLP head
     */
    public Result train(Dataset<Row> labelled, Path modelFile) {
        if (!Arrays.asList(labelled.columns()).contains("label")
                || !labelled.schema().apply("label").dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("training input needs a string column \"label\", got columns "
                    + Arrays.toString(labelled.columns()));
        }
        try (TagResult embedded = embedder.embed(labelled)) {
            // the join's shuffle leaves spark.sql.shuffle.partitions (200) partitions: as many jobs for the driver's
            // toLocalIterator and tasks for every MLlib iteration; one partition per core is enough
            int cores = Math.max(1, labelled.sparkSession().sparkContext().defaultParallelism());
            Dataset<Row> windows = embedded.embeddings().join(
                    labelled.select(functions.col("path"), functions.col("label")), "path").coalesce(cores);
            long files = embedded.status().count();
            long failed = embedded.status().where("error IS NOT NULL").count();
            List<Row> counts = windows.groupBy("label").count().orderBy("label").collectAsList();
            if (counts.size() < 2) {
                throw new IllegalArgumentException("training needs windows of at least 2 labels, got "
                        + counts.stream().map(r -> r.getString(0)).toList());
            }
            long n = counts.stream().mapToLong(r -> r.getLong(1)).sum();
            boolean useMllib = mllib != null ? mllib : hiddenUnits == 0 && n > mllibAboveWindows;
            if (useMllib) {
                return fitWithMllib(windows, counts, n, files, failed, modelFile);
            }
            return fitOnDriver(windows, files, failed, modelFile);
        }
    }

    private Result fitOnDriver(Dataset<Row> windows, long files, long failed, Path modelFile) {
        List<float[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        Iterator<Row> rows = windows.select("label", "vector").toLocalIterator();
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
        List<String> labels = new ArrayList<>(new TreeSet<>(y));
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
            right += argmax(head.probabilities(xs[i])) == yi[i] ? 1 : 0;
        }
        export(head, labels, hiddenUnits > 0 ? "mlp" : "logistic", modelFile);
        return new Result(List.copyOf(labels), files, failed, n, (double) right / n, null);
    }

    /**
     * Fits the logistic head with Spark MLlib on the executors. MLlib's objective with {@code weightCol}: the weighted
     * mean log-loss plus {@code regParam / 2 ||W||^2}, the penalty on the coefficients of standardized inputs
     * ({@code standardization}, as the driver's head standardizes); with balanced weights summing to n, regParam
     * {@code 1 / (C n)} is scikit-learn's {@code C} (see {@code LogisticRegression.scala}, {@code train}).
     */
    private Result fitWithMllib(Dataset<Row> windows, List<Row> counts, long n, long files, long failed,
            Path modelFile) {
        if (hiddenUnits > 0) {
            throw new IllegalArgumentException("Spark MLlib fits a logistic head only; hiddenUnits must be 0 with "
                    + "mllib, got " + hiddenUnits);
        }
        int k = counts.size();
        List<String> labels = new ArrayList<>();
        List<Row> table = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            String label = counts.get(i).getString(0);
            labels.add(label);
            // scikit-learn's class_weight="balanced", as the driver's head
            table.add(RowFactory.create(label, (double) i, (double) n / (k * counts.get(i).getLong(1))));
        }
        Dataset<Row> classes = windows.sparkSession().createDataFrame(table, new StructType()
                .add("label", DataTypes.StringType).add("index", DataTypes.DoubleType)
                .add("weight", DataTypes.DoubleType));
        Dataset<Row> data = windows.join(functions.broadcast(classes), "label")
                .select(functions.col("index"), functions.col("weight"),
                        org.apache.spark.ml.functions.array_to_vector(functions.col("vector")).as("features"));
        data.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return fitPersisted(data, labels, n, files, failed, modelFile);
        } finally {
            data.unpersist();
        }
    }

    private Result fitPersisted(Dataset<Row> data, List<String> labels, long n, long files, long failed,
            Path modelFile) {
        int k = labels.size();
        LogisticRegressionModel model = new LogisticRegression().setFamily("multinomial").setLabelCol("index")
                .setWeightCol("weight").setFeaturesCol("features").setRegParam(1 / (c * n)).setElasticNetParam(0)
                .setStandardization(true).setFitIntercept(true).setMaxIter(maxIterations).fit(data);
        Matrix w = model.coefficientMatrix(); // [classes][inputs], on the unstandardized inputs
        int d = w.numCols();
        float[] weights = new float[k * d];
        float[] bias = new float[k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                weights[j * d + i] = (float) w.apply(j, i);
            }
            bias[j] = (float) model.interceptVector().apply(j);
        }
        long right = model.transform(data).where(functions.col("prediction").equalTo(functions.col("index"))).count();
        export(Head.logistic(d, k, weights, bias), labels, "mllib-logistic", modelFile);
        return new Result(List.copyOf(labels), files, failed, n, (double) right / n, model);
    }

    private void export(Head head, List<String> labels, String kind, Path modelFile) {
        try (Backbone b = embedder.openBackbone()) {
            HeadExport.write(modelFile, head, labels, b, embedder.pooling(),
                    new HeadExport.Framing(embedder.windowSeconds(), embedder.hopSeconds(), null),
                    Map.of("audioml-train.backbone", embedder.backbone(), "audioml-train.pooling", embedder.pooling(),
                            "audioml-train.head", kind, "audioml-train.C", Double.toString(c),
                            "audioml-train.seed", Long.toString(seed)));
        }
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Builds a {@link CorpusTrainer}. */
    public static final class Builder {
        /** {@link #mllibAboveWindows}'s default. */
        public static final long DEFAULT_MLLIB_ABOVE_WINDOWS = 500_000;

        private AudioEmbedder embedder;
        private double c = 1.0;
        private int hiddenUnits;
        private long seed = 42;
        private int maxIterations = 500;
        private Boolean mllib;
        private long mllibAboveWindows = DEFAULT_MLLIB_ABOVE_WINDOWS;

        private Builder() {
        }

        /**
         * @param use true: fit the (logistic) head with Spark MLlib; false: on the driver; null (default): MLlib
         *     when the corpus has more than {@link #mllibAboveWindows} windows and the head is logistic
         * @return this
         */
        public Builder mllib(Boolean use) {
            this.mllib = use;
            return this;
        }

        /**
         * @param windows above this many training windows a logistic head is fitted by MLlib (unless
         *     {@link #mllib} says otherwise); default {@value #DEFAULT_MLLIB_ABOVE_WINDOWS} (about 0.25 GB of
         *     {@code logmel-stats} vectors on the driver)
         * @return this
         */
        public Builder mllibAboveWindows(long windows) {
            if (windows < 0) {
                throw new IllegalArgumentException("mllibAboveWindows must be >= 0, got " + windows);
            }
            this.mllibAboveWindows = windows;
            return this;
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
