package dev.audioml.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.data.Clip;
import dev.audioml.train.data.Dataset;
import dev.audioml.train.data.Augmentation;
import dev.audioml.train.data.Split;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.embed.EmbeddingCache;
import dev.audioml.train.embed.OnnxTensorBackbone;
import dev.audioml.train.eval.Metrics;
import dev.audioml.train.eval.Plots;
import dev.audioml.train.export.HeadExport;
import dev.audioml.train.head.Epoch;
import dev.audioml.train.head.Head;
import dev.audioml.train.head.HeadTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains a sound classifier end to end: reads a labelled dataset, splits it, embeds every clip's windows with a
 * backbone (through the embedding cache), optionally picks the backbone, pooling and (unless fixed) head by
 * cross-validation ({@code auto}), trains the head, evaluates it on the held-out clips (a clip's scores are the mean of its windows'),
 * and writes {@code model.onnx}, {@code report.json}, {@code confusion.png} and {@code loss.png}.
 *
 * <pre>{@code
 * TrainingResult r = Trainer.builder().data(Path.of("sounds")).out(Path.of("out")).seed(7).build().run();
 * System.out.println(r.testMetrics().table());
 * }</pre>
 *
 * <p>Immutable; {@link #run()} may be called from any one thread at a time.
 *
 * @since 0.1
 */
public final class Trainer {
    /** The backbone name that selects by cross-validation. */
    public static final String AUTO = "auto";
    /** Folds of the {@code auto} cross-validation. */
    public static final int AUTO_FOLDS = 3;
    /** The heads, in the order {@code auto} compares them when none is fixed; the first is the default. */
    public static final List<String> HEADS = List.of("logreg", "mlp");
    /** Epochs of each cross-validation head (no early stopping inside the folds). */
    public static final int AUTO_EPOCHS = 60;

    /** How the training set is balanced. */
    public enum Balance {
        /** Loss weights {@code n / (k * n_class)} per window (scikit-learn's "balanced"); the default. */
        WEIGHTS,
        /** Keep as many training clips per class as the smallest class has (seeded). */
        UNDERSAMPLE,
        /** No balancing. */
        NONE
    }

    private final Builder b;

    private Trainer(Builder b) {
        this.b = b;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the whole training.
     *
     * @return what was trained and measured
     * @throws IllegalArgumentException for a bad dataset (naming the file or class), e.g. a single class
     * @throws UncheckedIOException when the output cannot be written
     */
    public TrainingResult run() {
        long t0 = System.nanoTime();
        Consumer<String> say = b.progress;
        Dataset train;
        Dataset test = null;
        if (b.csv != null) {
            train = Dataset.fromCsv(b.csv);
        } else if (b.testDir == null && Dataset.hasTrainTestFolders(b.data)) {
            train = Dataset.fromFolders(b.data.resolve("train"));
            test = Dataset.fromFolders(b.data.resolve("test"));
        } else {
            train = Dataset.fromFolders(b.data);
            if (b.testDir != null) {
                test = Dataset.fromFolders(b.testDir);
            }
        }
        List<String> classes = train.classes();
        Split split;
        String splitKind;
        if (test != null) {
            for (String c : test.classes()) {
                if (!classes.contains(c)) {
                    throw new IllegalArgumentException("test set " + test.source() + " has class \"" + c
                            + "\" which the training set " + train.source() + " lacks; classes: " + classes);
                }
            }
            Split tv = Split.stratified(classes, train.clips(), b.validationFraction, 0, b.seed);
            split = new Split(tv.train(), tv.validation(), test.clips());
            splitKind = "given test set " + test.source();
        } else if (train.hasFolds()) {
            split = Split.byFold(classes, train.clips(), b.testFold, b.validationFraction, b.seed);
            splitKind = "CSV fold " + (b.testFold == null ? "(last)" : b.testFold) + " as test";
        } else {
            split = Split.stratified(classes, train.clips(), b.validationFraction, b.testFraction, b.seed);
            splitKind = "stratified, seed " + b.seed;
        }
        if (b.balance == Balance.UNDERSAMPLE) {
            split = split.undersampled(classes, b.seed);
        }
        say.accept("Dataset " + train.source() + ": " + classes.size() + " classes, split " + splitKind
                + ", balance " + b.balance.name().toLowerCase());
        say.accept(countsTable(classes, split));
        EmbeddingCache cache = new EmbeddingCache(b.cacheDir);
        List<String> candidates = b.backbone.equals(AUTO) ? Backbones.NAMES : List.of(b.backbone);
        List<TrainingResult.Candidate> comparison = new ArrayList<>();
        Map<String, Map<Clip, float[][]>> embedded = new LinkedHashMap<>();
        Map<String, Map<Clip, float[][]>> augmented = new LinkedHashMap<>();
        Map<Clip, String> unreadable = new LinkedHashMap<>();
        Map<String, Backbone> opened = new LinkedHashMap<>();
        try {
            for (String name : candidates) {
                Backbone bb;
                try {
                    bb = Backbones.open(name, b.windowSeconds, b.models, b.onnxInput);
                } catch (RuntimeException e) {
                    if (!b.backbone.equals(AUTO)) {
                        throw e;
                    }
                    say.accept("auto: skipping backbone " + name + ": " + e.getMessage());
                    continue;
                }
                opened.put(name, bb);
                long te = System.nanoTime();
                Embedder embedder = new Embedder(bb, cache, b.hopSeconds == null ? bb.windowSamples()
                        : (int) Math.round(b.hopSeconds * bb.sampleRateHz()), say, b.failFast);
                List<Clip> all = new ArrayList<>(split.train());
                all.addAll(split.validation());
                all.addAll(split.test());
                Map<Clip, float[][]> vectors = embedder.embed(all);
                embedded.put(name, vectors);
                if (b.augmentation.copies() > 0) {
                    augmented.put(name, embedder.embed(split.train(), b.augmentation));
                }
                unreadable.putAll(embedder.unreadable());
                say.accept(String.format("Embedded %d clips%s with %s in %.1f s (cache %s: %d hits, %d misses)",
                        vectors.size(), b.augmentation.copies() > 0 ? " + " + b.augmentation.copies()
                                + " augmented copies of each training clip" : "", name,
                        (System.nanoTime() - te) / 1e9, cache.dir(), cache.hits(), cache.misses()));
            }
            if (opened.isEmpty()) {
                throw new IllegalStateException("no backbone could be opened");
            }
            if (!unreadable.isEmpty()) {
                say.accept("Skipped " + unreadable.size() + " unreadable file(s):");
                unreadable.forEach((c, why) -> say.accept("  " + c.file() + ": " + why));
            }
            split = dropClips(split, unreadable.keySet());
            checkTrainable(classes, split);
            String chosen = opened.keySet().iterator().next();
            String pooling = b.pooling != null ? b.pooling : opened.get(chosen).poolings().get(0);
            String head = b.head != null ? b.head : HEADS.get(0);
            if (b.backbone.equals(AUTO)) {
                TrainingResult.Candidate best = null;
                List<String> heads = b.head != null ? List.of(b.head) : HEADS;
                say.accept(String.format("auto: %d-fold cross-validation on the training clips, seed %d (best "
                        + "balanced accuracy; ties go to the lower log loss)", AUTO_FOLDS, b.seed));
                for (Map.Entry<String, Backbone> e : opened.entrySet()) {
                    for (String p : e.getValue().poolings()) {
                        for (String h : heads) {
                            long tc = System.nanoTime();
                            double[] score = crossValidate(classes, split, embedded.get(e.getKey()),
                                    augmented.getOrDefault(e.getKey(), Map.of()), e.getValue().columns(p), h);
                            TrainingResult.Candidate c = new TrainingResult.Candidate(e.getKey(), p, h, score[0],
                                    score[1], (System.nanoTime() - tc) / 1e9);
                            comparison.add(c);
                            say.accept(String.format("  %-14s %-9s %-6s balanced accuracy %.3f  log loss %.3f",
                                    e.getKey(), p, h, score[0], score[1]));
                            if (best == null || c.isBetterThan(best)) {
                                best = c;
                            }
                        }
                    }
                }
                chosen = best.backbone();
                pooling = best.pooling();
                head = best.head();
                say.accept("auto: chose " + chosen + " / " + pooling + " / " + head);
            }
            Backbone backbone = opened.get(chosen);
            int[] columns = backbone.columns(pooling);
            Map<Clip, float[][]> vectors = embedded.get(chosen);
            Rows tr = Rows.of(classes, split.train(), vectors, columns)
                    .plus(Rows.of(classes, split.train(), augmented.getOrDefault(chosen, Map.of()), columns));
            Rows va = Rows.of(classes, split.validation(), vectors, columns);
            HeadTrainer trainer = headTrainer(head, b.epochs, b.seed);
            long th = System.nanoTime();
            HeadTrainer.Result result = trainer.train(tr.x, tr.y, b.balance == Balance.WEIGHTS
                    ? classWeights(tr.y, classes.size()) : null, va.x, va.y, classes.size(), e -> say.accept(
                            progressLine(e, trainer.epochs())));
            double headSeconds = (System.nanoTime() - th) / 1e9;
            say.accept("Kept epoch " + result.bestEpoch() + " of " + result.history().size());
            Metrics metrics = evaluate(classes, split.test(), vectors, columns, result.head());
            Files.createDirectories(b.out);
            Map<String, Object> spec = backbone.featureSpec(pooling);
            double windowSeconds = backbone.windowSamples() / (double) backbone.sampleRateHz();
            HeadExport.write(b.out.resolve("model.onnx"), result.head(), classes, spec, windowSeconds,
                    Map.of("audioml-train.backbone", chosen, "audioml-train.pooling", pooling,
                            "audioml-train.seed", Long.toString(b.seed)));
            Plots.confusion(metrics, "Test set confusion (" + chosen + " / " + pooling + ", " + head + ")",
                    b.out.resolve("confusion.png"));
            Plots.curves(result.history(), result.bestEpoch(), b.out.resolve("loss.png"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            TrainingResult r = new TrainingResult(classes, chosen, pooling, spec, head, b.seed, metrics,
                    result.head(), result.history(), result.bestEpoch(), comparison,
                    Map.of("train", Dataset.countByClass(classes, split.train()),
                            "validation", Dataset.countByClass(classes, split.validation()),
                            "test", Dataset.countByClass(classes, split.test())),
                    unreadable.keySet().stream().map(c -> c.file().toString()).toList(),
                    cache.hits(), cache.misses(), seconds, headSeconds, b.out, b.augmentation.describe(),
                    tr.x().length);
            writeReport(r, b.out.resolve("report.json"));
            say.accept(metrics.table().stripTrailing());
            say.accept(String.format("Wrote %s (model.onnx, report.json, confusion.png, loss.png) in %.1f s", b.out,
                    seconds));
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training output in " + b.out + ": " + e.getMessage(), e);
        } finally {
            opened.values().forEach(Backbone::close);
        }
    }

    private HeadTrainer headTrainer(String head, int epochs, long seed) {
        return b.headTrainer.toBuilder().hidden(head.equals("mlp") ? b.hiddenUnits : 0).epochs(epochs).seed(seed)
                .build();
    }

    /**
     * Stratified k-fold over clips.
     *
     * @return {mean balanced accuracy of clip predictions, mean clip log loss}
     */
    private double[] crossValidate(List<String> classes, Split split, Map<Clip, float[][]> vectors,
            Map<Clip, float[][]> augmentedVectors, int[] columns, String head) {
        List<Clip> pool = new ArrayList<>(split.train());
        pool.addAll(split.validation());
        Map<String, List<Clip>> byClass = new LinkedHashMap<>();
        classes.forEach(c -> byClass.put(c, new ArrayList<>()));
        pool.forEach(c -> byClass.get(c.label()).add(c));
        Random random = new Random(b.seed);
        Map<Clip, Integer> fold = new LinkedHashMap<>();
        for (List<Clip> g : byClass.values()) {
            Collections.shuffle(g, random);
            for (int i = 0; i < g.size(); i++) {
                fold.put(g.get(i), i % AUTO_FOLDS);
            }
        }
        double sum = 0;
        double loss = 0;
        for (int f = 0; f < AUTO_FOLDS; f++) {
            final int held = f;
            List<Clip> fit = pool.stream().filter(c -> fold.get(c) != held).toList();
            List<Clip> score = pool.stream().filter(c -> fold.get(c) == held).toList();
            Rows tr = Rows.of(classes, fit, vectors, columns).plus(Rows.of(classes, fit, augmentedVectors, columns));
            HeadTrainer.Result r = headTrainer(head, Math.min(AUTO_EPOCHS, b.epochs), b.seed).train(tr.x, tr.y,
                    b.balance == Balance.WEIGHTS ? classWeights(tr.y, classes.size()) : null, new float[0][],
                    new int[0], classes.size(), e -> { });
            sum += evaluate(classes, score, vectors, columns, r.head()).balancedAccuracy();
            loss += logLoss(classes, score, vectors, columns, r.head());
        }
        return new double[] {sum / AUTO_FOLDS, loss / AUTO_FOLDS};
    }

    /** Clip-level metrics: each clip's prediction is the argmax of its windows' mean probabilities. */
    static Metrics evaluate(List<String> classes, List<Clip> clips, Map<Clip, float[][]> vectors, int[] columns,
            Head head) {
        int[] truth = new int[clips.size()];
        int[] pred = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            truth[i] = classes.indexOf(clips.get(i).label());
            pred[i] = argmax(clipProbabilities(vectors.get(clips.get(i)), columns, head));
        }
        return Metrics.of(classes, truth, pred);
    }

    /** Mean cross-entropy of the clips' mean window probabilities against their labels. */
    static double logLoss(List<String> classes, List<Clip> clips, Map<Clip, float[][]> vectors, int[] columns,
            Head head) {
        double sum = 0;
        for (Clip c : clips) {
            double p = clipProbabilities(vectors.get(c), columns, head)[classes.indexOf(c.label())];
            sum -= Math.log(Math.max(p, 1e-12));
        }
        return clips.isEmpty() ? 0 : sum / clips.size();
    }

    /** The mean of a clip's windows' probabilities. */
    static double[] clipProbabilities(float[][] windows, int[] columns, Head head) {
        double[] mean = new double[head.classes()];
        for (float[] w : windows) {
            double[] p = head.probabilities(select(w, columns));
            for (int k = 0; k < mean.length; k++) {
                mean[k] += p[k] / windows.length;
            }
        }
        return mean;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static float[] select(float[] full, int[] columns) {
        float[] out = new float[columns.length];
        for (int i = 0; i < columns.length; i++) {
            out[i] = full[columns[i]];
        }
        return out;
    }

    private static double[] classWeights(int[] y, int k) {
        int[] counts = new int[k];
        for (int v : y) {
            counts[v]++;
        }
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = (double) y.length / (k * counts[y[i]]);
        }
        return w;
    }

    private static Split dropClips(Split s, Set<Clip> drop) {
        if (drop.isEmpty()) {
            return s;
        }
        return new Split(s.train().stream().filter(c -> !drop.contains(c)).toList(),
                s.validation().stream().filter(c -> !drop.contains(c)).toList(),
                s.test().stream().filter(c -> !drop.contains(c)).toList());
    }

    private static void checkTrainable(List<String> classes, Split s) {
        Set<String> present = new HashSet<>();
        s.train().forEach(c -> present.add(c.label()));
        for (String c : classes) {
            if (!present.contains(c)) {
                throw new IllegalArgumentException("class \"" + c + "\" has no readable training clip; add audio "
                        + "files to it or remove the class");
            }
        }
        if (s.test().isEmpty()) {
            throw new IllegalArgumentException("the test split is empty: give each class at least 3 clips, a --test "
                    + "folder or a CSV fold column");
        }
    }

    private static String countsTable(List<String> classes, Split s) {
        Map<String, Integer> tr = Dataset.countByClass(classes, s.train());
        Map<String, Integer> va = Dataset.countByClass(classes, s.validation());
        Map<String, Integer> te = Dataset.countByClass(classes, s.test());
        int w = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder sb = new StringBuilder(String.format("  %-" + w + "s  %5s  %5s  %5s", "class", "train", "val",
                "test"));
        for (String c : classes) {
            sb.append(String.format("%n  %-" + w + "s  %5d  %5d  %5d", c, tr.get(c), va.get(c), te.get(c)));
        }
        return sb.toString();
    }

    private static String progressLine(Epoch e, int epochs) {
        int width = 20;
        int filled = (int) Math.round(width * (double) e.epoch() / epochs);
        return String.format("epoch %3d/%d [%s%s] loss %.4f acc %.3f | val loss %.4f acc %.3f", e.epoch(), epochs,
                "#".repeat(filled), ".".repeat(width - filled), e.trainLoss(), e.trainAccuracy(), e.validationLoss(),
                e.validationAccuracy());
    }

    private static void writeReport(TrainingResult r, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r.toReport());
    }

    /** Windows of clips as rows: each window carries its clip's class. */
    private record Rows(float[][] x, int[] y) {
        static Rows of(List<String> classes, List<Clip> clips, Map<Clip, float[][]> vectors, int[] columns) {
            List<float[]> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (Clip c : clips) {
                for (float[] w : vectors.getOrDefault(c, new float[0][])) {
                    xs.add(select(w, columns));
                    ys.add(classes.indexOf(c.label()));
                }
            }
            return new Rows(xs.toArray(float[][]::new), ys.stream().mapToInt(Integer::intValue).toArray());
        }

        Rows plus(Rows more) {
            float[][] x2 = java.util.Arrays.copyOf(x, x.length + more.x.length);
            System.arraycopy(more.x, 0, x2, x.length, more.x.length);
            int[] y2 = java.util.Arrays.copyOf(y, y.length + more.y.length);
            System.arraycopy(more.y, 0, y2, y.length, more.y.length);
            return new Rows(x2, y2);
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
        private int hiddenUnits = 64;
        private int epochs = 200;
        private HeadTrainer headTrainer = HeadTrainer.builder().build();
        private long seed = 42;
        private double windowSeconds = 1.0;
        private Map<String, Object> onnxInput;
        private Double hopSeconds;
        private double validationFraction = 0.15;
        private double testFraction = 0.2;
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

        /** @param name {@code auto} (default), {@code logmel-stats} or {@code oww-embedding} @return this */
        public Builder backbone(String name) {
            this.backbone = name;
            return this;
        }

        /** @param name a pooling of the backbone (default: its first; ignored by {@code auto}) @return this */
        public Builder pooling(String name) {
            this.pooling = name;
            return this;
        }

        /**
         * @param kind {@code logreg} or {@code mlp}; unset (or {@code null}), {@code auto} compares both and a fixed
         *     backbone uses {@code logreg}
         * @return this
         */
        public Builder head(String kind) {
            this.head = kind;
            return this;
        }

        /**
         * @param trainer further head settings: batch size, learning rate, L2, patience (its hidden units, epochs
         *     and seed are replaced by this builder's)
         * @return this
         */
        public Builder headTrainer(HeadTrainer trainer) {
            this.headTrainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /** @param units MLP hidden units (default 64) @return this */
        public Builder hiddenUnits(int units) {
            this.hiddenUnits = units;
            return this;
        }

        /** @param n maximum epochs (default 200) @return this */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** @param seed split, initialisation and shuffling seed (default 42) @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param seconds window length in seconds (default 1.0) @return this */
        public Builder windowSeconds(double seconds) {
            this.windowSeconds = seconds;
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

        /** @param seconds hop between windows of a clip in seconds (default: the window) @return this */
        public Builder hopSeconds(double seconds) {
            this.hopSeconds = seconds;
            return this;
        }

        /** @param fraction validation share of the training clips (default 0.15) @return this */
        public Builder validationFraction(double fraction) {
            this.validationFraction = fraction;
            return this;
        }

        /** @param fraction test share when no test set is given (default 0.2) @return this */
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

        double hopSeconds() {
            return hopSeconds == null ? windowSeconds : hopSeconds;
        }

        /** @return the trainer */
        public Trainer build() {
            if (data == null && csv == null) {
                throw new IllegalArgumentException("give a dataset folder (data) or a CSV file (csv)");
            }
            Objects.requireNonNull(out, "out");
            if (!backbone.equals(AUTO) && !Backbones.NAMES.contains(backbone)
                    && !backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
                throw new IllegalArgumentException("unknown backbone \"" + backbone + "\"; known: " + AUTO + ", "
                        + String.join(", ", Backbones.NAMES) + ", onnx:PATH[#TENSOR]");
            }
            if (onnxInput != null && !backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
                throw new IllegalArgumentException("an image or other input feature spec needs an onnx:PATH[#TENSOR] "
                        + "backbone (the CNN that takes it), got \"" + backbone + "\"");
            }
            if (head != null && !HEADS.contains(head)) {
                throw new IllegalArgumentException("head must be logreg or mlp, got \"" + head + "\"");
            }
            if (!(windowSeconds >= 0.1 && windowSeconds <= 60)) {
                throw new IllegalArgumentException("window must be in [0.1, 60] seconds, got " + windowSeconds);
            }
            if (!(hopSeconds() > 0 && hopSeconds() <= 60)) {
                throw new IllegalArgumentException("hop must be in (0, 60] seconds, got " + hopSeconds());
            }
            if (hiddenUnits < 1) {
                throw new IllegalArgumentException("hidden units must be >= 1, got " + hiddenUnits);
            }
            headTrainer.toBuilder().epochs(epochs).build();
            if (models == null) {
                models = ModelCache.defaultCache(progress);
            }
            return new Trainer(this);
        }
    }
}
