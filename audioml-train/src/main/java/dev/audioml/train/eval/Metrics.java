package dev.audioml.train.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Classification metrics of predicted against true classes: accuracy, balanced accuracy (mean recall over the classes
 * that have examples, as {@code sklearn.metrics.balanced_accuracy_score}), per-class precision, recall, F1 and
 * support, and the confusion matrix (rows true, columns predicted).
 *
 * <p>Immutable and thread-safe.
 *
 * @param classes class names, index order
 * @param accuracy share of correct predictions, in [0, 1]
 * @param balancedAccuracy mean per-class recall, in [0, 1]
 * @param perClass per-class numbers, in class order
 * @param confusion {@code confusion[true][predicted]} counts
 * @since 0.1
 */
public record Metrics(List<String> classes, double accuracy, double balancedAccuracy, List<ClassMetrics> perClass,
        int[][] confusion) {

    /**
     * Per-class numbers. Precision is 0 when the class was never predicted (sklearn's {@code zero_division=0}).
     *
     * @param label class name
     * @param precision share of predictions of this class that were right
     * @param recall share of this class's examples predicted as it
     * @param f1 harmonic mean of precision and recall
     * @param support examples of this class
     */
    public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
    }

    /**
     * @param classes class names
     * @param truth true class per example
     * @param predicted predicted class per example
     * @return the metrics
     */
    public static Metrics of(List<String> classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " entries, predicted "
                    + predicted.length);
        }
        int k = classes.size();
        int[][] cm = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            cm[truth[i]][predicted[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
        }
        List<ClassMetrics> per = new ArrayList<>();
        double recallSum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            int support = 0;
            int predictedAs = 0;
            for (int j = 0; j < k; j++) {
                support += cm[c][j];
                predictedAs += cm[j][c];
            }
            double precision = predictedAs == 0 ? 0 : (double) cm[c][c] / predictedAs;
            double recall = support == 0 ? 0 : (double) cm[c][c] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.add(new ClassMetrics(classes.get(c), precision, recall, f1, support));
            if (support > 0) {
                recallSum += recall;
                present++;
            }
        }
        double acc = truth.length == 0 ? 0 : (double) correct / truth.length;
        return new Metrics(List.copyOf(classes), acc, present == 0 ? 0 : recallSum / present, List.copyOf(per), cm);
    }

    /** @return the report as an aligned text table (what {@code audioml eval} prints) */
    public String table() {
        StringBuilder sb = new StringBuilder();
        int w = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
        sb.append(String.format("%-" + w + "s  %9s  %6s  %6s  %7s%n", "class", "precision", "recall", "f1", "support"));
        for (ClassMetrics c : perClass) {
            sb.append(String.format("%-" + w + "s  %9.3f  %6.3f  %6.3f  %7d%n", c.label(), c.precision(), c.recall(),
                    c.f1(), c.support()));
        }
        sb.append(String.format("accuracy %.3f, balanced accuracy %.3f over %d clips%n", accuracy, balancedAccuracy,
                perClass.stream().mapToInt(ClassMetrics::support).sum()));
        return sb.toString();
    }
}
