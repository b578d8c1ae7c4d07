package dev.audioml.train;

import dev.audioml.train.eval.Metrics;
import dev.audioml.train.head.Epoch;
import dev.audioml.train.head.Head;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced and measured; {@link #toReport()} is the content of {@code report.json}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param classes class names, the model's output order
 * @param chosen the configuration the final model uses (picked by cross-validation under {@code auto})
 * @param featureSpec the exported model's input feature spec
 * @param seed the seed
 * @param testMetrics clip-level metrics on the test split
 * @param trainedHead the head (what {@code model.onnx} computes after the backbone)
 * @param history one entry per L-BFGS iteration of the final fit
 * @param comparison the cross-validation table: every configuration compared, best of its regularisation strengths
 * @param folds cross-validation folds
 * @param repeats cross-validation repeats (each with its own fold assignment)
 * @param counts clips per class in {@code train} and {@code test}
 * @param unreadable files skipped because they could not be decoded
 * @param cacheHits embedding cache hits
 * @param cacheMisses embedding cache misses (clips embedded)
 * @param trainingSeconds wall time of the whole run, in seconds
 * @param headSeconds wall time of the final head fit, in seconds
 * @param out the output folder
 * @param augmentation the augmentation settings ({@code none} without)
 * @param trainingWindows windows the final head was trained on (after the gate; augmented copies included)
 * @since 0.1
 */
public record TrainingResult(List<String> classes, Candidate chosen, Map<String, Object> featureSpec, long seed,
        Metrics testMetrics, Head trainedHead, List<Epoch> history, List<Candidate> comparison, int folds, int repeats,
        Map<String, Map<String, Integer>> counts, List<String> unreadable, int cacheHits, int cacheMisses,
        double trainingSeconds, double headSeconds, Path out, String augmentation, int trainingWindows) {

    /** @return the backbone of the final model */
    public String backbone() {
        return chosen.backbone();
    }

    /** @return the pooling of the final model */
    public String pooling() {
        return chosen.pooling();
    }

    /** @return the head kind of the final model, {@code logreg} or {@code mlp} */
    public String head() {
        return chosen.head();
    }

    /**
     * One configuration compared by cross-validation, with its best regularisation strength.
     *
     * @param backbone backbone name
     * @param windowSeconds window length in seconds
     * @param hopSeconds hop between a clip's windows in seconds
     * @param gateDb the level gate in dB below a clip's loudest window, or {@code null} for none
     * @param pooling pooling name
     * @param head head kind ({@code logreg} or {@code mlp})
     * @param c regularisation strength, scikit-learn's {@code C} (larger is weaker)
     * @param balancedAccuracy mean cross-validated balanced accuracy of clip predictions over all folds and repeats
     * @param spread standard deviation of the per-fold balanced accuracies
     * @param seconds time its cross-validation took, in seconds
     */
    public record Candidate(String backbone, double windowSeconds, double hopSeconds, Double gateDb, String pooling,
            String head, double c, double balancedAccuracy, double spread, double seconds) {

        /** @return a one-line description, e.g. {@code logmel-stats w 1.0 s, gate 20 dB, mean_std, logreg C=1} */
        public String describe() {
            return String.format("%s w %.2f s, %s, %s, %s C=%s", backbone, windowSeconds,
                    gateDb == null ? "no gate" : String.format("gate %.0f dB", gateDb), pooling, head,
                    formatC(c));
        }

        static String formatC(double c) {
            return c >= 1 ? String.format("%.0f", c) : Double.toString(c);
        }
    }

    /** @return the {@code report.json} tree (maps, lists, numbers, strings) */
    public Map<String, Object> toReport() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("accuracy", testMetrics.accuracy());
        r.put("balanced_accuracy", testMetrics.balancedAccuracy());
        r.put("classes", classes);
        List<Map<String, Object>> per = new ArrayList<>();
        for (Metrics.ClassMetrics c : testMetrics.perClass()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", c.label());
            m.put("precision", c.precision());
            m.put("recall", c.recall());
            m.put("f1", c.f1());
            m.put("support", c.support());
            per.add(m);
        }
        r.put("per_class", per);
        r.put("confusion_matrix", testMetrics.confusion());
        r.put("chosen", candidate(chosen));
        r.put("feature_spec", featureSpec);
        r.put("seed", seed);
        r.put("counts", counts);
        r.put("training_windows", trainingWindows);
        r.put("augmentation", augmentation);
        r.put("unreadable_files", unreadable);
        r.put("cross_validation", Map.of("folds", folds, "repeats", repeats));
        r.put("comparison", comparison.stream().map(TrainingResult::candidate).toList());
        r.put("iterations", history.size());
        List<Map<String, Object>> hist = new ArrayList<>();
        for (Epoch e : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iteration", e.epoch());
            m.put("train_loss", e.trainLoss());
            m.put("train_accuracy", e.trainAccuracy());
            hist.add(m);
        }
        r.put("history", hist);
        r.put("embedding_cache", Map.of("hits", cacheHits, "misses", cacheMisses));
        r.put("training_seconds", trainingSeconds);
        r.put("head_training_seconds", headSeconds);
        return r;
    }

    private static Map<String, Object> candidate(Candidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backbone", c.backbone());
        m.put("window_seconds", c.windowSeconds());
        m.put("hop_seconds", c.hopSeconds());
        m.put("gate_db", c.gateDb());
        m.put("pooling", c.pooling());
        m.put("head", c.head());
        m.put("C", c.c());
        m.put("cv_balanced_accuracy", c.balancedAccuracy());
        m.put("cv_spread", c.spread());
        m.put("seconds", c.seconds());
        return m;
    }
}
