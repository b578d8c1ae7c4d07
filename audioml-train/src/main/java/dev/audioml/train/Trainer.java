package dev.audioml.train;

import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.data.Augmentation;
import dev.audioml.train.embed.EmbeddingCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Trains a sound classifier end to end, the way a careful notebook would: reads a labelled dataset, holds out a test
 * split (grouped and stratified), embeds every clip's windows with a frozen backbone (through the embedding cache),
 * chooses window length, level gate, backbone, pooling, head and regularisation strength by repeated stratified
 * (grouped) k-fold cross-validation on the training clips, fits the final head on <em>every</em> training clip with
 * the same procedure, evaluates it on the test clips, and writes {@code model.onnx} (one self-contained graph),
 * {@code report.json}, {@code confusion.png} and {@code loss.png}.
 *
 * <p>Clips and windows: each clip is cut into windows every hop (half a window unless set); a window more than the
 * gate's dB below the clip's loudest window is neither trained on nor scored; a clip's scores are the mean of its
 * kept windows' scores. Exactly this rule runs in cross-validation, on the test split, and in
 * {@link ModelEvaluator} ({@code audioml eval}), which reads window, hop and gate from the model.
 *
 * <p>Selection: each configuration keeps the smallest {@code C} (the strongest regularisation) whose mean is within
 * one standard error of its best {@code C}'s (glmnet's {@code lambda.1se}); among configurations within one standard
 * error (spread / sqrt(folds)) of the best, the simplest wins: logistic regression before the MLP, then fewer
 * embedding columns, then the higher mean, then the first compared (the data's own window, no gate).
 *
 * <pre>{@code
 * TrainingResult r = Trainer.builder().data(Path.of("sounds")).out(Path.of("out")).seed(7).build().run();
 * System.out.println(r.testMetrics().table());
 * }</pre>
 *
 * <p>Immutable; {@link #run()} may be called from any one thread at a time (it uses the common fork-join pool for
 * the cross-validation fits).
 *
 * @since 0.1
 */
public final class Trainer {
    /** The value of backbone, head, window and gate that lets cross-validation choose. */
    public static final String AUTO = "auto";
    /** The heads; the first is the simplest. */
    public static final List<String> HEADS = List.of("logreg", "mlp");
    /**
     * The backbones {@code auto} compares. {@code oww-embedding} (also one self-contained graph) is left out: its
     * models are CC BY-NC-SA 4.0, so a user opts into that license by naming it.
     */
    public static final List<String> AUTO_BACKBONES = List.of("logmel-stats");
    /** The regularisation strengths (scikit-learn's {@code C}) cross-validation compares. */
    public static final List<Double> C_GRID = List.of(0.01, 0.1, 1.0, 10.0, 100.0);
    /** The level gate {@code auto} compares with no gate, in dB below a clip's loudest window. */
    public static final double AUTO_GATE_DB = 20;
    /** The fixed window {@code auto} compares with the data's own (the median clip length), in seconds. */
    public static final double DEFAULT_WINDOW_SECONDS = 1.0;
    /** Bounds of the data-following window, in seconds. */
    public static final double MIN_AUTO_WINDOW = 0.5;
    /** Upper bound of the data-following window, in seconds. */
    public static final double MAX_AUTO_WINDOW = 4.0;

    /** How the training set is balanced. */
    public enum Balance {
        /** Loss weights {@code n / (k * n_class)} per window (scikit-learn's "balanced"); the default. */
        WEIGHTS,
        /** Keep as many training clips per class as the smallest class has (seeded). */
        UNDERSAMPLE,
        /** No balancing. */
        NONE
    }

    private final TrainingConfig config;

    private Trainer(TrainingConfig config) {
        this.config = config;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the validated configuration this trainer runs */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Runs the whole training, one stage after the other: {@link LoadStage load} → {@link EmbedStage embed} →
     * {@link SelectStage select} → {@link FitStage fit} → {@link ExportStage export} → {@link ReportStage report}.
     *
     * @return what was trained and measured
     * @throws IllegalArgumentException for a bad dataset (naming the file or class), e.g. a single class
     * @throws UncheckedIOException when the output cannot be written
     */
    public TrainingResult run() {
        long t0 = System.nanoTime();
        Consumer<String> say = config.progress();
        LoadStage.Loaded data = LoadStage.run(config, say);
        try (EmbedStage.Embeddings embeddings = EmbedStage.run(config, data, say)) {
            SelectStage.Selection selection = SelectStage.run(config, data, embeddings, say);
            FitStage.Fitted fitted = FitStage.run(config, data, embeddings, selection, say);
            ExportStage.Exported exported = ExportStage.run(config, data, embeddings, selection, fitted);
            return ReportStage.run(config, data, embeddings, selection, fitted, exported, t0, say);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write training output in " + config.out() + ": " + ex.getMessage(),
                    ex);
        }
    }

    /** Builder; {@link #build()} checks every value. */
    public static final class Builder {
        private Path data;
        private Path testDir;
        private Path csv;
        private String testFold;
        private Path out;
        private String backbone = AUTO;
        private String pooling;
        private String head;
        private int hiddenUnits = TrainingConfig.DEFAULT_HIDDEN_UNITS;
        private int maxIterations = TrainingConfig.DEFAULT_MAX_ITERATIONS;
        private Double c;
        private long seed = TrainingConfig.DEFAULT_SEED;
        private Double windowSeconds;
        private Double gateDb;
        private Pattern group;
        private int folds = TrainingConfig.DEFAULT_FOLDS;
        private int repeats = TrainingConfig.DEFAULT_REPEATS;
        private Map<String, Object> onnxInput;
        private Double hopSeconds;
        private double testFraction = TrainingConfig.DEFAULT_TEST_FRACTION;
        private Balance balance = Balance.WEIGHTS;
        private boolean failFast;
        private Path cacheDir = EmbeddingCache.defaultDir();
        private ModelCache models;
        private Consumer<String> progress = s -> { };
        private Augmentation augmentation = Augmentation.none();

        private Builder() {
        }

        /** @param dir dataset folder ({@code DIR/<label>/...} or {@code DIR/train|test/<label>/...}) @return this */
        public Builder data(Path dir) {
            this.data = dir;
            return this;
        }

        /** @param dir a separate labelled test folder @return this */
        public Builder testData(Path dir) {
            this.testDir = dir;
            return this;
        }

        /** @param file a CSV dataset (file and label columns, optional fold) instead of a folder @return this */
        public Builder csv(Path file) {
            this.csv = file;
            return this;
        }

        /** @param fold the CSV fold used as test set (default: the last) @return this */
        public Builder testFold(String fold) {
            this.testFold = fold;
            return this;
        }

        /** @param dir output folder (created) @return this */
        public Builder out(Path dir) {
            this.out = dir;
            return this;
        }

        /**
         * @param name {@code auto} (default: {@link #AUTO_BACKBONES}), {@code logmel-stats}, {@code oww-embedding} or
         *     {@code onnx:PATH[#TENSOR]}
         * @return this
         */
        public Builder backbone(String name) {
            this.backbone = name;
            return this;
        }

        /** @param name a pooling of the backbone (default: every pooling is compared) @return this */
        public Builder pooling(String name) {
            this.pooling = name;
            return this;
        }

        /**
         * @param kind {@code logreg}, {@code mlp}, or {@code auto} to compare both; unset (or {@code null}) means
         *     {@code logreg}
         * @return this
         */
        public Builder head(String kind) {
            this.head = kind;
            return this;
        }

        /** @param units MLP hidden units (default 64) @return this */
        public Builder hiddenUnits(int units) {
            this.hiddenUnits = units;
            return this;
        }

        /** @param n most L-BFGS iterations per fit (default 500) @return this */
        public Builder maxIterations(int n) {
            this.maxIterations = n;
            return this;
        }

        /**
         * @param strength regularisation strength, scikit-learn's {@code C} (larger is weaker), in [1e-6, 1e6];
         *     {@code null} (default) picks it from {@link #C_GRID} by cross-validation
         * @return this
         */
        public Builder c(Double strength) {
            this.c = strength;
            return this;
        }

        /** @param seed split, fold, initialisation and augmentation seed (default 42) @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param seconds window length in seconds, in [0.1, 60]; {@code null} (default) compares 1 s with the median
         *     clip length
         * @return this
         */
        public Builder windowSeconds(Double seconds) {
            this.windowSeconds = seconds;
            return this;
        }

        /**
         * @param db the level gate: windows more than this many dB below their clip's loudest window are neither
         *     trained on nor scored; 0 for none; {@code null} (default) compares none with {@link #AUTO_GATE_DB}
         * @return this
         */
        public Builder gateDb(Double db) {
            this.gateDb = db;
            return this;
        }

        /**
         * @param regex groups clips that must stay on one side of every split: applied to each file name, the first
         *     capturing group (or the whole match) names the group, within its class; files that do not match are
         *     their own group. {@code null} (default): every clip is its own group
         * @return this
         */
        public Builder group(Pattern regex) {
            this.group = regex;
            return this;
        }

        /** @param k cross-validation folds, at least 2 (default 5; fewer when a class has fewer groups) @return this */
        public Builder folds(int k) {
            this.folds = k;
            return this;
        }

        /** @param n cross-validation repeats with new fold assignments, at least 1 (default 2) @return this */
        public Builder repeats(int n) {
            this.repeats = n;
            return this;
        }

        /**
         * The input of an {@code onnx:PATH[#TENSOR]} backbone in place of the model's own metadata: for a CNN exported
         * without {@code audioml.features}, e.g. a {@code workshop_image} spec for an image CNN. The exported model
         * carries it (in its {@code onnx_embedding} spec), so it runs with no other option.
         *
         * @param features the feature spec whose frames the model's input takes; null for the model's own
         * @param seconds the model's window in seconds (replaces {@link #windowSeconds})
         * @return this
         */
        public Builder onnxInput(Map<String, Object> features, double seconds) {
            this.onnxInput = features;
            this.windowSeconds = seconds;
            return this;
        }

        /** @param seconds hop between windows of a clip in seconds (default: half the window) @return this */
        public Builder hopSeconds(double seconds) {
            this.hopSeconds = seconds;
            return this;
        }

        /** @param fraction test share when no test set is given (default 0.2: one fold of five) @return this */
        public Builder testFraction(double fraction) {
            this.testFraction = fraction;
            return this;
        }

        /** @param balance class balancing (default {@link Balance#WEIGHTS}) @return this */
        public Builder balance(Balance balance) {
            this.balance = balance;
            return this;
        }

        /**
         * @param failFast stop at the first audio file that cannot be decoded (default false: list it in
         *     {@link TrainingResult#unreadable()} and train on the rest)
         * @return this
         * @since 0.1
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /** @param dir embedding cache folder (default {@link EmbeddingCache#defaultDir()}) @return this */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** @param cache pretrained model cache (default {@link ModelCache#defaultCache}) @return this */
        public Builder models(ModelCache cache) {
            this.models = cache;
            return this;
        }

        /** @param augmentation training-clip augmentation (default: none) @return this */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /** @param sink receives progress lines (default: none) @return this */
        public Builder progress(Consumer<String> sink) {
            this.progress = sink;
            return this;
        }

        /**
         * @return the trainer, with its configuration validated
         * @throws IllegalArgumentException naming a value outside its range (see {@link TrainingConfig})
         */
        public Trainer build() {
            ModelCache cache = models != null ? models : ModelCache.defaultCache(progress);
            return new Trainer(new TrainingConfig(data, testDir, csv, testFold, out, backbone, pooling, head,
                    hiddenUnits, maxIterations, c, seed, windowSeconds, gateDb, group, folds, repeats, onnxInput,
                    hopSeconds, testFraction, balance, failFast, cacheDir, cache, progress, augmentation));
        }
    }
}
