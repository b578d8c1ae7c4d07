package dev.audioml.train;

import dev.audioml.train.TrainingResult.Candidate;
import dev.audioml.train.data.Clip;
import dev.audioml.train.head.HeadTrainer;
import dev.audioml.train.eval.Metrics;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stage 4, fit: the chosen configuration's head on <em>every</em> training clip's kept windows (augmented copies
 * added), by the procedure cross-validation used, then its clip-level metrics on the test split.
 */
final class FitStage {

    /**
     * The fitted head.
     *
     * @param result the head and its loss history
     * @param windows training windows it was fitted on
     * @param seconds fitting time
     * @param testMetrics clip-level metrics on the test split
     */
    record Fitted(HeadTrainer.Result result, int windows, double seconds, Metrics testMetrics) {
    }

    private FitStage() {
    }

    static Fitted run(TrainingConfig cfg, LoadStage.Loaded data, EmbedStage.Embeddings embeddings,
            SelectStage.Selection selection, Consumer<String> say) {
        List<String> classes = data.classes();
        Candidate chosen = selection.chosen();
        EmbedStage.Embedded e = selection.embedded();
        List<Clip> pool = embeddings.split().train();
        int[] columns = e.backbone().columns(chosen.pooling());
        ClipScoring.Rows tr = ClipScoring.Rows.of(classes, pool, e.clips(), columns, chosen.gateDb())
                .plus(ClipScoring.Rows.of(classes, pool, e.augmented(), columns, chosen.gateDb()));
        long th = System.nanoTime();
        HeadTrainer.Result result = headTrainer(cfg, chosen.head(), chosen.c(), tr.x().length).train(tr.x(), tr.y(),
                weights(cfg, tr.y(), classes.size()), classes.size(), it -> { });
        double seconds = (System.nanoTime() - th) / 1e9;
        say.accept(String.format("Fitted on all %d training clips (%d windows) in %d iterations, %.1f s",
                pool.size(), tr.x().length, result.history().size(), seconds));
        Metrics metrics = ClipScoring.evaluate(classes, embeddings.split().test(), e.clips(), columns, chosen.gateDb(),
                result.head());
        return new Fitted(result, tr.x().length, seconds, metrics);
    }

    /** The head trainer for a configuration: the same in cross-validation and the final fit. */
    static HeadTrainer headTrainer(TrainingConfig cfg, String head, double c, int rows) {
        return HeadTrainer.builder().hidden(head.equals("mlp") ? cfg.hiddenUnits() : 0).l2(l2(c, rows))
                .maxIterations(cfg.maxIterations()).seed(cfg.seed()).build();
    }

    /** scikit-learn's C multiplies the summed loss; HeadTrainer's objective is the weighted mean: l2 = 1 / (C n). */
    static double l2(double c, int rows) {
        return 1 / (c * Math.max(1, rows));
    }

    /** @return scikit-learn's {@code class_weight="balanced"} per row, or null unless balancing by weights */
    static double[] weights(TrainingConfig cfg, int[] y, int k) {
        if (cfg.balance() != Trainer.Balance.WEIGHTS) {
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
}
