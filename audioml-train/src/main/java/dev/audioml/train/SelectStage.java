package dev.audioml.train;

import dev.audioml.train.TrainingResult.Candidate;
import dev.audioml.train.data.Clip;
import dev.audioml.train.data.Folds;
import dev.audioml.train.head.Head;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Stage 3, select: repeated stratified (grouped) k-fold cross-validation on the training clips of every configuration
 * (backbone and window, level gate, pooling, head; each at every {@code C} of the grid), then the one-standard-error
 * choice among them.
 */
final class SelectStage {

    /**
     * The choice.
     *
     * @param chosen the configuration chosen
     * @param embedded its embeddings
     * @param comparison every configuration compared, in order
     * @param folds folds per repeat
     */
    record Selection(Candidate chosen, EmbedStage.Embedded embedded, List<Candidate> comparison, int folds) {
    }

    private SelectStage() {
    }

    static Selection run(TrainingConfig cfg, LoadStage.Loaded data, EmbedStage.Embeddings embeddings,
            Consumer<String> say) {
        List<String> classes = data.classes();
        List<Clip> pool = embeddings.split().train();
        int folds = foldCount(cfg, classes, pool, data.groupOf());
        List<int[]> assignments = new ArrayList<>();
        for (int r = 0; r < cfg.repeats(); r++) {
            assignments.add(Folds.assign(classes, pool, data.groupOf(), folds, cfg.seed() + r));
        }
        List<Candidate> comparison = new ArrayList<>();
        say.accept(String.format("Cross-validation: %d-fold x %d repeats%s on %d training clips, seed %d "
                + "(balanced accuracy, mean ± spread; the simplest within one standard error of the best "
                + "wins)", folds, cfg.repeats(), cfg.group() != null ? " grouped by " + cfg.group() : "",
                pool.size(), cfg.seed()));
        Map<Candidate, EmbedStage.Embedded> source = new LinkedHashMap<>();
        for (EmbedStage.Embedded e : embeddings.embedded()) {
            for (Double gate : gateCandidates(cfg)) {
                for (String pooling : cfg.pooling() != null ? List.of(cfg.pooling()) : e.backbone().poolings()) {
                    for (String head : headCandidates(cfg)) {
                        Candidate c = crossValidate(cfg, classes, pool, assignments, folds, e, gate, pooling, head);
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
        return new Selection(chosen, source.get(chosen), List.copyOf(comparison), folds);
    }

    private static List<Double> gateCandidates(TrainingConfig cfg) {
        if (cfg.gateDb() == null) {
            return Arrays.asList(null, Trainer.AUTO_GATE_DB);
        }
        return Arrays.asList(cfg.gateDb() > 0 ? cfg.gateDb() : null);
    }

    private static List<String> headCandidates(TrainingConfig cfg) {
        if (cfg.head() != null && !cfg.head().equals(Trainer.AUTO)) {
            return List.of(cfg.head());
        }
        return Trainer.AUTO.equals(cfg.head()) ? Trainer.HEADS : List.of(Trainer.HEADS.get(0));
    }

    /** Folds: {@link TrainingConfig#folds}, but no more than the smallest class has groups, and at least 2. */
    private static int foldCount(TrainingConfig cfg, List<String> classes, List<Clip> clips,
            Function<Clip, String> groupOf) {
        int smallest = Integer.MAX_VALUE;
        for (String c : classes) {
            Set<String> groups = new HashSet<>();
            clips.stream().filter(x -> x.label().equals(c)).forEach(x -> groups.add(groupOf.apply(x)));
            smallest = Math.min(smallest, groups.size());
        }
        return Math.max(2, Math.min(cfg.folds(), smallest));
    }

    /**
     * Cross-validates one configuration at every {@code C} of the grid (or the one given) and keeps the best: each
     * fit trains on the other folds' windows (gated, augmented copies added) and scores the held-out clips.
     */
    private static Candidate crossValidate(TrainingConfig cfg, List<String> classes, List<Clip> pool,
            List<int[]> assignments, int folds, EmbedStage.Embedded e, Double gate, String pooling, String head) {
        long t0 = System.nanoTime();
        int[] columns = e.backbone().columns(pooling);
        List<Double> grid = cfg.c() != null ? List.of(cfg.c()) : Trainer.C_GRID;
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
            ClipScoring.Rows tr = ClipScoring.Rows.of(classes, fit, e.clips(), columns, gate)
                    .plus(ClipScoring.Rows.of(classes, fit, e.augmented(), columns, gate));
            double[] l2s = grid.stream().mapToDouble(c -> FitStage.l2(c, tr.x().length)).toArray();
            // the grid ascends in C, so the path runs from the strongest regularisation to the weakest
            Head[] heads = FitStage.headTrainer(cfg, head, grid.get(0), tr.x().length).trainPath(tr.x(), tr.y(),
                    FitStage.weights(cfg, tr.y(), classes.size()), classes.size(), l2s);
            for (int gi = 0; gi < heads.length; gi++) {
                scores[gi][job] = score.isEmpty() ? Double.NaN
                        : ClipScoring.evaluate(classes, score, e.clips(), columns, gate, heads[gi]).balancedAccuracy();
                losses[gi][job] = score.isEmpty() ? Double.NaN
                        : ClipScoring.logLoss(classes, score, e.clips(), columns, gate, heads[gi]);
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
            int byHead = Integer.compare(Trainer.HEADS.indexOf(c.head()), Trainer.HEADS.indexOf(chosen.head()));
            int byColumns = Integer.compare(columns.apply(c), columns.apply(chosen));
            if (byHead < 0 || byHead == 0 && (byColumns < 0
                    || byColumns == 0 && c.balancedAccuracy() > chosen.balancedAccuracy() + 1e-9)) {
                chosen = c;
            }
        }
        return chosen;
    }

    private static double spread(double[] v, double mean) {
        return Math.sqrt(Arrays.stream(v).filter(x -> !Double.isNaN(x)).map(x -> (x - mean) * (x - mean)).average()
                .orElse(0));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(0);
    }

}
