package dev.audioml.train;

import dev.audioml.train.data.Clip;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.eval.Metrics;
import dev.audioml.train.head.Head;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scores clips from their embedded windows the one way training, cross-validation, the test split and
 * {@link ModelEvaluator} all do: windows more than the gate below the clip's loudest are left out, a clip's
 * probabilities are the mean of its kept windows'. Stateless.
 */
final class ClipScoring {

    private ClipScoring() {
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

    static boolean[] keep(float[][] windows, Double gateDb) {
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


    /** Kept windows of clips as rows: each window carries its clip's class. */
    record Rows(float[][] x, int[] y) {
        /** @return the kept windows of {@code clips} with their classes */
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
}
