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
 * @param backbone the backbone used (the winner under {@code auto})
 * @param pooling the pooling used
 * @param featureSpec the exported model's feature spec
 * @param head {@code logreg} or {@code mlp}
 * @param seed the seed
 * @param testMetrics clip-level metrics on the test split
 * @param trainedHead the head (what {@code model.onnx} computes after the features)
 * @param history one entry per epoch
 * @param bestEpoch the epoch whose parameters were kept
 * @param comparison the {@code auto} cross-validation table (empty otherwise)
 * @param counts clips per class in {@code train}, {@code validation}, {@code test}
 * @param unreadable files skipped because they could not be decoded
 * @param cacheHits embedding cache hits
 * @param cacheMisses embedding cache misses (clips embedded)
 * @param trainingSeconds wall time of the whole run, in seconds
 * @param headSeconds wall time of the final head training, in seconds
 * @param out the output folder
 * @param augmentation the augmentation settings ({@code none} without)
 * @param trainingWindows windows the final head was trained on (augmented copies included)
 * @since 0.1
 */
public record TrainingResult(List<String> classes, String backbone, String pooling, Map<String, Object> featureSpec,
        String head, long seed, Metrics testMetrics, Head trainedHead, List<Epoch> history, int bestEpoch,
        List<Candidate> comparison, Map<String, Map<String, Integer>> counts, List<String> unreadable, int cacheHits,
        int cacheMisses, double trainingSeconds, double headSeconds, Path out, String augmentation,
        int trainingWindows) {

    /**
     * One row of the {@code auto} comparison.
     *
     * @param backbone backbone name
     * @param pooling pooling name
     * @param head head kind ({@code logreg} or {@code mlp})
     * @param balancedAccuracy mean cross-validated balanced accuracy of clip predictions
     * @param logLoss mean cross-validated cross-entropy of the clips' mean probabilities (the tie-breaker)
     * @param seconds time the cross-validation took, in seconds
     */
    public record Candidate(String backbone, String pooling, String head, double balancedAccuracy, double logLoss,
            double seconds) {
        /** Balanced accuracies closer than this are a tie. */
        public static final double TIE = 1e-9;

        /**
         * @param other another candidate
         * @return whether this one has the higher balanced accuracy, or the same and a lower log loss
         */
        public boolean isBetterThan(Candidate other) {
            double d = balancedAccuracy - other.balancedAccuracy;
            return d > TIE || d >= -TIE && logLoss < other.logLoss;
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
        r.put("backbone", backbone);
        r.put("pooling", pooling);
        r.put("head", head);
        r.put("feature_spec", featureSpec);
        r.put("seed", seed);
        r.put("counts", counts);
        r.put("training_windows", trainingWindows);
        r.put("augmentation", augmentation);
        r.put("unreadable_files", unreadable);
        List<Map<String, Object>> cmp = new ArrayList<>();
        for (Candidate c : comparison) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("backbone", c.backbone());
            m.put("pooling", c.pooling());
            m.put("head", c.head());
            m.put("cv_balanced_accuracy", c.balancedAccuracy());
            m.put("cv_log_loss", c.logLoss());
            m.put("seconds", c.seconds());
            cmp.add(m);
        }
        r.put("auto_comparison", cmp);
        r.put("epochs_run", history.size());
        r.put("best_epoch", bestEpoch);
        List<Map<String, Object>> hist = new ArrayList<>();
        for (Epoch e : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("train_loss", e.trainLoss());
            m.put("train_accuracy", e.trainAccuracy());
            m.put("validation_loss", Double.isNaN(e.validationLoss()) ? null : e.validationLoss());
            m.put("validation_accuracy", Double.isNaN(e.validationAccuracy()) ? null : e.validationAccuracy());
            hist.add(m);
        }
        r.put("history", hist);
        r.put("embedding_cache", Map.of("hits", cacheHits, "misses", cacheMisses));
        r.put("training_seconds", trainingSeconds);
        r.put("head_training_seconds", headSeconds);
        return r;
    }
}
