package dev.audioml.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.TrainingResult.Candidate;
import dev.audioml.train.data.Augmentation;
import dev.audioml.train.data.Clip;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.data.Dataset;
import dev.audioml.train.data.Folds;
import dev.audioml.train.data.Split;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.embed.EmbeddingCache;
import dev.audioml.train.embed.OnnxTensorBackbone;
import dev.audioml.train.eval.Metrics;
import dev.audioml.train.eval.Plots;
import dev.audioml.train.export.HeadExport;
import dev.audioml.train.export.Provenance;
import dev.audioml.train.head.Head;
import dev.audioml.train.head.HeadTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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

    private final Builder b;

    private Trainer(Builder b) {
        this.b = b;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** The embedded windows of one backbone at one window length: rows are the full vector plus the level. */
    private record Embedded(Backbone backbone, double windowSeconds, double hopSeconds, Map<Clip, float[][]> clips,
            Map<Clip, float[][]> augmented) {
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
        Function<Clip, String> groupOf = groupFunction();
        Split split;
        String splitKind;
        if (test != null) {
            for (String c : test.classes()) {
                if (!classes.contains(c)) {
                    throw new IllegalArgumentException("test set " + test.source() + " has class \"" + c
                            + "\" which the training set " + train.source() + " lacks; classes: " + classes);
                }
            }
            split = new Split(train.clips(), List.of(), test.clips());
            splitKind = "given test set " + test.source();
        } else if (train.hasFolds()) {
            Split f = Split.byFold(classes, train.clips(), b.testFold, 0, b.seed);
            split = new Split(f.train(), List.of(), f.test());
            splitKind = "CSV fold " + (b.testFold == null ? "(last)" : b.testFold) + " as test";
        } else {
            int k = (int) Math.round(1 / b.testFraction);
            int[] fold = Folds.assign(classes, train.clips(), groupOf, k, b.seed);
            List<Clip> tr = new ArrayList<>();
            List<Clip> te = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == 0 ? te : tr).add(train.clips().get(i));
            }
            split = new Split(tr, List.of(), te);
            splitKind = String.format("%s%.0f %% test, seed %d", b.group != null ? "grouped by " + b.group + ", " : "",
                    100.0 / k, b.seed);
        }
        if (b.balance == Balance.UNDERSAMPLE) {
            split = split.undersampled(classes, b.seed);
        }
        say.accept("Dataset " + train.source() + ": " + classes.size() + " classes, split " + splitKind
                + ", balance " + b.balance.name().toLowerCase());
        say.accept(countsTable(classes, split));
        EmbeddingCache cache = new EmbeddingCache(b.cacheDir);
        List<String> backbones = b.backbone.equals(AUTO) ? AUTO_BACKBONES : List.of(b.backbone);
        List<Double> windows = windowCandidates(split.train(), say);
        List<Embedded> embedded = new ArrayList<>();
        List<Backbone> opened = new ArrayList<>();
        Map<Clip, String> unreadable = new LinkedHashMap<>();
        try {
            for (String name : backbones) {
                for (double window : windows) {
                    Backbone bb;
                    try {
                        bb = Backbones.open(name, window, b.models, b.onnxInput);
                    } catch (RuntimeException e) {
                        if (!b.backbone.equals(AUTO)) {
                            throw e;
                        }
                        say.accept("auto: skipping backbone " + name + ": " + e.getMessage());
                        continue;
                    }
                    opened.add(bb);
                    embedded.add(embed(bb, split, cache, unreadable, say));
                }
            }
            if (embedded.isEmpty()) {
                throw new IllegalStateException("no backbone could be opened");
            }
            if (!unreadable.isEmpty()) {
                say.accept("Skipped " + unreadable.size() + " unreadable file(s):");
                unreadable.forEach((c, why) -> say.accept("  " + c.file() + ": " + why));
            }
            split = dropClips(split, unreadable.keySet());
            checkTrainable(classes, split);
            List<Clip> pool = split.train();
            int folds = foldCount(classes, pool, groupOf);
            List<int[]> assignments = new ArrayList<>();
            for (int r = 0; r < b.repeats; r++) {
                assignments.add(Folds.assign(classes, pool, groupOf, folds, b.seed + r));
            }
            List<Candidate> comparison = new ArrayList<>();
            say.accept(String.format("Cross-validation: %d-fold x %d repeats%s on %d training clips, seed %d "
                    + "(balanced accuracy, mean ± spread; the simplest within one standard error of the best "
                    + "wins)", folds, b.repeats, b.group != null ? " grouped by " + b.group : "",
                    pool.size(), b.seed));
            Map<Candidate, Embedded> source = new LinkedHashMap<>();
            for (Embedded e : embedded) {
                for (Double gate : gateCandidates()) {
                    for (String pooling : b.pooling != null ? List.of(b.pooling) : e.backbone().poolings()) {
                        for (String head : b.head != null && !b.head.equals(AUTO) ? List.of(b.head) : headCandidates()) {
                            Candidate c = crossValidate(classes, pool, assignments, folds, e, gate, pooling, head);
                            comparison.add(c);
                            source.put(c, e);
                            say.accept(String.format("  %-58s %.3f ± %.3f", c.describe(), c.balancedAccuracy(),
                                    c.spread()));
                        }
                    }
                }
            }
            Candidate chosen = choose(comparison, folds, c -> source.get(c).backbone().columns(c.pooling()).length);
            say.accept("Chose " + chosen.describe());
            Embedded e = source.get(chosen);
            Backbone backbone = e.backbone();
            int[] columns = backbone.columns(chosen.pooling());
            Rows tr = Rows.of(classes, pool, e.clips(), columns, chosen.gateDb())
                    .plus(Rows.of(classes, pool, e.augmented(), columns, chosen.gateDb()));
            long th = System.nanoTime();
            HeadTrainer.Result result = headTrainer(chosen.head(), chosen.c(), tr.x.length).train(tr.x, tr.y,
                    weights(tr.y, classes.size()), classes.size(), it -> { });
            double headSeconds = (System.nanoTime() - th) / 1e9;
            say.accept(String.format("Fitted on all %d training clips (%d windows) in %d iterations, %.1f s",
                    pool.size(), tr.x.length, result.history().size(), headSeconds));
            Metrics metrics = evaluate(classes, split.test(), e.clips(), columns, chosen.gateDb(), result.head());
            Files.createDirectories(b.out);
            HeadExport.Framing framing = new HeadExport.Framing(chosen.windowSeconds(), chosen.hopSeconds(),
                    chosen.gateDb());
            // licenses of what the model contains and fingerprints of its training files (eval's overlap check)
            Provenance provenance = Provenance.of(backbone.name(), pool.stream().map(Clip::file).toList());
            Map<String, String> extra = new LinkedHashMap<>(provenance.metadata());
            extra.putAll(Map.of("audioml-train.backbone", withoutFolders(chosen.backbone()), "audioml-train.pooling",
                            chosen.pooling(),
                            "audioml-train.head", chosen.head(), "audioml-train.C", Double.toString(chosen.c()),
                            "audioml-train.seed", Long.toString(b.seed), "audioml-train.name",
                            String.valueOf(b.out.toAbsolutePath().normalize().getFileName())));
            HeadExport.Exported model = HeadExport.export(result.head(), classes, backbone, chosen.pooling(), framing,
                    extra);
            Files.write(b.out.resolve("model.onnx"), model.bytes());
            Map<String, Object> spec = model.featureSpec();
            Plots.confusion(metrics, "Test set confusion (" + chosen.backbone() + " / " + chosen.pooling() + ", "
                    + chosen.head() + ")", b.out.resolve("confusion.png"));
            Plots.curves(result.history(), result.history().size(), b.out.resolve("loss.png"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            TrainingResult r = new TrainingResult(classes, chosen, spec, b.seed, metrics, result.head(),
                    result.history(), comparison, folds, b.repeats,
                    Map.of("train", Dataset.countByClass(classes, split.train()),
                            "test", Dataset.countByClass(classes, split.test())),
                    unreadable.keySet().stream().map(c -> c.file().toString()).toList(),
                    cache.hits(), cache.misses(), seconds, headSeconds, b.out, b.augmentation.describe(),
                    tr.x().length);
            writeReport(r, b.out.resolve("report.json"));
            provenance.addTo(b.out.resolve("report.json"));
            say.accept(metrics.table().stripTrailing());
            provenance.lines().forEach(say);
            say.accept(String.format("Wrote %s (model.onnx, report.json, confusion.png, loss.png) in %.1f s", b.out,
                    seconds));
            return r;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write training output in " + b.out + ": " + ex.getMessage(), ex);
        } finally {
            opened.forEach(Backbone::close);
        }
    }

    /** Embeds every clip (and augmented copies of the training clips) with one backbone. */
    private Embedded embed(Backbone bb, Split split, EmbeddingCache cache, Map<Clip, String> unreadable,
            Consumer<String> say) {
        double window = bb.windowSamples() / (double) bb.sampleRateHz();
        double hop = b.hopSeconds != null ? b.hopSeconds : window / 2;
        long te = System.nanoTime();
        int hitsBefore = cache.hits();
        int missesBefore = cache.misses();
        Embedder embedder = new Embedder(bb, cache, Math.max(1, (int) Math.round(hop * bb.sampleRateHz())), say,
                b.failFast);
        List<Clip> all = new ArrayList<>(split.train());
        all.addAll(split.test());
        Map<Clip, float[][]> vectors = embedder.embed(all);
        Map<Clip, float[][]> augmented = b.augmentation.copies() > 0
                ? embedder.embed(split.train(), b.augmentation) : Map.of();
        unreadable.putAll(embedder.unreadable());
        // counts of this call only: one lookup per clip, and one more per training clip for its augmented copies
        say.accept(String.format("Embedded %d clips%s with %s, window %.2f s, hop %.2f s in %.1f s (%d computed now, "
                + "%d reused from the embedding cache %s)", vectors.size(), b.augmentation.copies() > 0 ? " + "
                        + b.augmentation.copies() + " augmented copies of each training clip" : "", bb.name(), window,
                hop, (System.nanoTime() - te) / 1e9, cache.misses() - missesBefore, cache.hits() - hitsBefore,
                cache.dir()));
        return new Embedded(bb, window, hop, vectors, augmented);
    }

    /**
     * The window lengths to compare: the one given, or under {@code auto} the median training clip length and the
     * 90th percentile (each within [{@link #MIN_AUTO_WINDOW}, {@link #MAX_AUTO_WINDOW}], to 0.1 s) and the default
     * 1 s, each only when it differs from those before it by more than 20 %. The data's windows come first: on a tie
     * they win, since a window that spans the clip scores it as a whole (what a clip-level notebook baseline does)
     * instead of its parts; silent frames of the zero padding are left out of the statistics.
     */
    private List<Double> windowCandidates(List<Clip> clips, Consumer<String> say) {
        if (b.windowSeconds != null) {
            return List.of(b.windowSeconds);
        }
        if (b.backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
            return List.of(DEFAULT_WINDOW_SECONDS); // the model's own window wins anyway
        }
        double[] lengths = clips.stream().mapToDouble(c -> ClipAudio.durationSeconds(c.file())).filter(d -> d > 0)
                .sorted().toArray();
        if (lengths.length == 0) {
            return List.of(DEFAULT_WINDOW_SECONDS);
        }
        double median = lengths[lengths.length / 2];
        double p90 = lengths[(int) Math.min(lengths.length - 1, Math.floor(0.9 * lengths.length))];
        say.accept(String.format("Clips last %.2f-%.2f s (median %.2f s, 90th percentile %.2f s)", lengths[0],
                lengths[lengths.length - 1], median, p90));
        List<Double> out = new ArrayList<>();
        for (double w : new double[] {median, p90, DEFAULT_WINDOW_SECONDS}) {
            double c = Math.round(Math.min(MAX_AUTO_WINDOW, Math.max(MIN_AUTO_WINDOW, w)) * 10) / 10.0;
            if (out.stream().allMatch(o -> Math.abs(o - c) > 0.2 * Math.min(o, c))) {
                out.add(c);
            }
        }
        return out;
    }

    private List<Double> gateCandidates() {
        if (b.gateDb == null) {
            return Arrays.asList(null, AUTO_GATE_DB);
        }
        return Arrays.asList(b.gateDb > 0 ? b.gateDb : null);
    }

    private List<String> headCandidates() {
        return AUTO.equals(b.head) ? HEADS : List.of(HEADS.get(0));
    }

    private Function<Clip, String> groupFunction() {
        if (b.group == null) {
            return c -> c.group() != null ? "group:" + c.group() : c.file().toString();
        }
        return c -> {
            String name = c.file().getFileName().toString();
            Matcher m = b.group.matcher(name);
            if (!m.find()) {
                return c.file().toString();
            }
            return c.label() + "/" + (m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group());
        };
    }

    /** Folds: {@link Builder#folds}, but no more than the smallest class has groups, and at least 2. */
    private int foldCount(List<String> classes, List<Clip> clips, Function<Clip, String> groupOf) {
        int smallest = Integer.MAX_VALUE;
        for (String c : classes) {
            Set<String> groups = new HashSet<>();
            clips.stream().filter(x -> x.label().equals(c)).forEach(x -> groups.add(groupOf.apply(x)));
            smallest = Math.min(smallest, groups.size());
        }
        return Math.max(2, Math.min(b.folds, smallest));
    }

    /**
     * Cross-validates one configuration at every {@code C} of the grid (or the one given) and keeps the best: each
     * fit trains on the other folds' windows (gated, augmented copies added) and scores the held-out clips.
     */
    private Candidate crossValidate(List<String> classes, List<Clip> pool, List<int[]> assignments, int folds,
            Embedded e, Double gate, String pooling, String head) {
        long t0 = System.nanoTime();
        int[] columns = e.backbone().columns(pooling);
        List<Double> grid = b.c != null ? List.of(b.c) : C_GRID;
        int fits = assignments.size() * folds;
        double[][] scores = new double[grid.size()][fits];
        double[][] losses = new double[grid.size()][fits];
        IntStream.range(0, fits).parallel().forEach(job -> {
            int[] fold = assignments.get(job / folds);
            int held = job % folds;
            List<Clip> fit = new ArrayList<>();
            List<Clip> score = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                (fold[i] == held ? score : fit).add(pool.get(i));
            }
            Rows tr = Rows.of(classes, fit, e.clips(), columns, gate)
                    .plus(Rows.of(classes, fit, e.augmented(), columns, gate));
            double[] l2s = grid.stream().mapToDouble(c -> l2(c, tr.x.length)).toArray();
            // the grid ascends in C, so the path runs from the strongest regularisation to the weakest
            Head[] heads = headTrainer(head, grid.get(0), tr.x.length).trainPath(tr.x, tr.y,
                    weights(tr.y, classes.size()), classes.size(), l2s);
            for (int gi = 0; gi < heads.length; gi++) {
                scores[gi][job] = score.isEmpty() ? Double.NaN
                        : evaluate(classes, score, e.clips(), columns, gate, heads[gi]).balancedAccuracy();
                losses[gi][job] = score.isEmpty() ? Double.NaN
                        : logLoss(classes, score, e.clips(), columns, gate, heads[gi]);
            }
        });
        // glmnet's "lambda.1se": the strongest regularisation (smallest C) whose mean balanced accuracy is within one
        // standard error of the best C's; among equal means the lower log loss. Balanced accuracy moves in steps of a
        // clip on small folds, so a weaker C often "wins" by noise and then generalises worse.
        int top = 0;
        double[] means = new double[grid.size()];
        double[] meanLoss = new double[grid.size()];
        for (int gi = 0; gi < grid.size(); gi++) {
            means[gi] = mean(scores[gi]);
            meanLoss[gi] = mean(losses[gi]);
            if (means[gi] > means[top] + 1e-9 || means[gi] > means[top] - 1e-9 && meanLoss[gi] < meanLoss[top]) {
                top = gi;
            }
        }
        double floor = means[top] - spread(scores[top], means[top]) / Math.sqrt(folds) - 1e-9;
        int best = top;
        for (int gi = 0; gi < top; gi++) { // the grid is ascending: the first within the floor is the strongest
            if (means[gi] >= floor) {
                best = gi;
                break;
            }
        }
        double mean = means[best];
        double spread = spread(scores[best], mean);
        return new Candidate(e.backbone().name(), e.windowSeconds(), e.hopSeconds(), gate, pooling, head,
                grid.get(best), mean, spread, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The one-standard-error rule ("prefer the simpler candidate unless another wins by more than the CV noise"):
     * among candidates whose mean is within {@code spread(best) / sqrt(folds)} of the best mean, the simplest model —
     * logistic regression before the MLP, then fewer embedding columns — then the higher mean, then the first
     * compared (the data's own window first, no gate before the gate).
     *
     * @param candidates every configuration compared
     * @param folds folds per repeat
     * @param columns each candidate's embedding width
     * @return the chosen candidate
     */
    static Candidate choose(List<Candidate> candidates, int folds, Function<Candidate, Integer> columns) {
        Candidate best = candidates.stream().max(Comparator.comparingDouble(Candidate::balancedAccuracy)).orElseThrow();
        double floor = best.balancedAccuracy() - best.spread() / Math.sqrt(folds) - 1e-9;
        Candidate chosen = null;
        for (Candidate c : candidates) {
            if (c.balancedAccuracy() < floor) {
                continue;
            }
            if (chosen == null) {
                chosen = c;
                continue;
            }
            int byHead = Integer.compare(HEADS.indexOf(c.head()), HEADS.indexOf(chosen.head()));
            int byColumns = Integer.compare(columns.apply(c), columns.apply(chosen));
            if (byHead < 0 || byHead == 0 && (byColumns < 0
                    || byColumns == 0 && c.balancedAccuracy() > chosen.balancedAccuracy() + 1e-9)) {
                chosen = c;
            }
        }
        return chosen;
    }

    private HeadTrainer headTrainer(String head, double c, int rows) {
        return HeadTrainer.builder().hidden(head.equals("mlp") ? b.hiddenUnits : 0).l2(l2(c, rows))
                .maxIterations(b.maxIterations).seed(b.seed).build();
    }

    /** scikit-learn's C multiplies the summed loss; HeadTrainer's objective is the weighted mean: l2 = 1 / (C n). */
    private static double l2(double c, int rows) {
        return 1 / (c * Math.max(1, rows));
    }

    private double[] weights(int[] y, int k) {
        if (b.balance != Balance.WEIGHTS) {
            return null;
        }
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

    /** {@code onnx:/abs/dir/cnn.onnx#t} as {@code onnx:cnn.onnx#t}: a model file names no folder of this machine. */
    private static String withoutFolders(String backbone) {
        if (!backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
            return backbone;
        }
        String rest = backbone.substring(OnnxTensorBackbone.PREFIX.length());
        int hash = rest.lastIndexOf('#');
        String file = hash < 0 ? rest : rest.substring(0, hash);
        return OnnxTensorBackbone.PREFIX + Path.of(file).getFileName() + (hash < 0 ? "" : rest.substring(hash));
    }

    private static double spread(double[] v, double mean) {
        return Math.sqrt(Arrays.stream(v).filter(x -> !Double.isNaN(x)).map(x -> (x - mean) * (x - mean)).average()
                .orElse(0));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(0);
    }

    /** Mean cross-entropy of the clips' mean kept-window probabilities against their labels. */
    static double logLoss(List<String> classes, List<Clip> clips, Map<Clip, float[][]> vectors, int[] columns,
            Double gateDb, Head head) {
        double sum = 0;
        for (Clip c : clips) {
            double p = clipProbabilities(vectors.get(c), columns, gateDb, head)[classes.indexOf(c.label())];
            sum -= Math.log(Math.max(p, 1e-12));
        }
        return sum / clips.size();
    }

    /** Clip-level metrics: each clip's prediction is the argmax of its kept windows' mean probabilities. */
    static Metrics evaluate(List<String> classes, List<Clip> clips, Map<Clip, float[][]> vectors, int[] columns,
            Double gateDb, Head head) {
        int[] truth = new int[clips.size()];
        int[] pred = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            truth[i] = classes.indexOf(clips.get(i).label());
            pred[i] = argmax(clipProbabilities(vectors.get(clips.get(i)), columns, gateDb, head));
        }
        return Metrics.of(classes, truth, pred);
    }

    /** The mean of a clip's kept windows' probabilities. */
    static double[] clipProbabilities(float[][] windows, int[] columns, Double gateDb, Head head) {
        boolean[] keep = keep(windows, gateDb);
        double[] sum = new double[head.classes()];
        int kept = 0;
        for (int i = 0; i < windows.length; i++) {
            if (keep[i]) {
                double[] p = head.probabilities(select(windows[i], columns));
                kept++;
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += p[k];
                }
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= kept;
        }
        return sum;
    }

    private static boolean[] keep(float[][] windows, Double gateDb) {
        float[] levels = new float[windows.length];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Embedder.level(windows[i]);
        }
        return ClipAudio.gate(levels, gateDb);
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
        Map<String, Integer> te = Dataset.countByClass(classes, s.test());
        int w = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder sb = new StringBuilder(String.format("  %-" + w + "s  %5s  %5s", "class", "train", "test"));
        for (String c : classes) {
            sb.append(String.format("%n  %-" + w + "s  %5d  %5d", c, tr.get(c), te.get(c)));
        }
        return sb.toString();
    }

    private static void writeReport(TrainingResult r, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r.toReport());
    }

    /** Kept windows of clips as rows: each window carries its clip's class. */
    private record Rows(float[][] x, int[] y) {
        static Rows of(List<String> classes, List<Clip> clips, Map<Clip, float[][]> vectors, int[] columns,
                Double gateDb) {
            List<float[]> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (Clip c : clips) {
                float[][] windows = vectors.getOrDefault(c, new float[0][]);
                boolean[] keep = keep(windows, gateDb);
                for (int i = 0; i < windows.length; i++) {
                    if (keep[i]) {
                        xs.add(select(windows[i], columns));
                        ys.add(classes.indexOf(c.label()));
                    }
                }
            }
            return new Rows(xs.toArray(float[][]::new), ys.stream().mapToInt(Integer::intValue).toArray());
        }

        Rows plus(Rows more) {
            float[][] x2 = Arrays.copyOf(x, x.length + more.x.length);
            System.arraycopy(more.x, 0, x2, x.length, more.x.length);
            int[] y2 = Arrays.copyOf(y, y.length + more.y.length);
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
        private int maxIterations = 500;
        private Double c;
        private long seed = 42;
        private Double windowSeconds;
        private Double gateDb;
        private Pattern group;
        private int folds = 5;
        private int repeats = 2;
        private Map<String, Object> onnxInput;
        private Double hopSeconds;
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
            if (head != null && !HEADS.contains(head) && !head.equals(AUTO)) {
                throw new IllegalArgumentException("head must be logreg, mlp or auto, got \"" + head + "\"");
            }
            check(windowSeconds == null || windowSeconds >= 0.1 && windowSeconds <= 60, "window", windowSeconds,
                    "[0.1, 60] seconds");
            check(hopSeconds == null || hopSeconds > 0 && hopSeconds <= 60, "hop", hopSeconds, "(0, 60] seconds");
            check(gateDb == null || gateDb >= 0 && gateDb <= 120, "gate", gateDb, "[0, 120] dB (0: no gate)");
            check(c == null || c >= 1e-6 && c <= 1e6, "C", c, "[1e-6, 1e6]");
            check(hiddenUnits >= 1 && hiddenUnits <= 4096, "hidden units", hiddenUnits, "[1, 4096]");
            check(maxIterations >= 1 && maxIterations <= 100_000, "iterations", maxIterations, "[1, 100000]");
            check(folds >= 2 && folds <= 20, "folds", folds, "[2, 20]");
            check(repeats >= 1 && repeats <= 20, "repeats", repeats, "[1, 20]");
            check(testFraction >= 0.05 && testFraction <= 0.5, "test fraction", testFraction, "[0.05, 0.5]");
            if (models == null) {
                models = ModelCache.defaultCache(progress);
            }
            return new Trainer(this);
        }

        private static void check(boolean ok, String name, Object value, String range) {
            if (!ok) {
                throw new IllegalArgumentException(name + " must be in " + range + ", got " + value);
            }
        }
    }
}
