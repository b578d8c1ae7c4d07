package dev.audioml.train.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTrainerTest {
    /** Share of XOR points a trained head must classify correctly. */
    static final double XOR_MLP_ACCURACY = 0.95;
    /** A linear model cannot separate XOR; it stays near chance. */
    static final double XOR_LINEAR_MAX_ACCURACY = 0.75;

    /** Four Gaussian clusters at (±1, ±1); the class is XOR of the signs. The third input is noise. */
    private static float[][] xor(int n, long seed, int[] y) {
        Random r = new Random(seed);
        float[][] x = new float[n][3];
        for (int i = 0; i < n; i++) {
            boolean a = r.nextBoolean();
            boolean b = r.nextBoolean();
            x[i][0] = (float) ((a ? 1 : -1) + 0.3 * r.nextGaussian());
            x[i][1] = (float) ((b ? 1 : -1) + 0.3 * r.nextGaussian());
            x[i][2] = (float) (5 + 10 * r.nextGaussian()); // large scale: standardization must handle it
            y[i] = a ^ b ? 1 : 0;
        }
        return x;
    }

    private static double accuracy(Head h, float[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = h.probabilities(x[i]);
            ok += (p[1] > p[0] ? 1 : 0) == y[i] ? 1 : 0;
        }
        return (double) ok / x.length;
    }

    @Test
    void mlpLearnsXorWhereLogisticRegressionCannot() {
        int[] y = new int[400];
        float[][] x = xor(400, 1, y);
        int[] yt = new int[200];
        float[][] xt = xor(200, 3, yt);
        List<Epoch> seen = new ArrayList<>();
        HeadTrainer.Result mlp = HeadTrainer.builder().hidden(16).l2(1e-3).seed(5).build().train(x, y, null, 2,
                seen::add);
        HeadTrainer.Result lin = HeadTrainer.builder().seed(5).build().train(x, y, null, 2, e -> { });
        assertThat(accuracy(mlp.head(), xt, yt)).isGreaterThan(XOR_MLP_ACCURACY);
        assertThat(accuracy(lin.head(), xt, yt)).isLessThan(XOR_LINEAR_MAX_ACCURACY);
        assertThat(seen).hasSameSizeAs(mlp.history());
        assertThat(seen.get(seen.size() - 1).trainLoss()).isLessThan(seen.get(0).trainLoss());
    }

    @Test
    void sameSeedGivesTheSameHeadAndAnotherSeedAnother() {
        int[] y = new int[120];
        float[][] x = xor(120, 9, y);
        HeadTrainer t = HeadTrainer.builder().hidden(8).maxIterations(50).seed(1).build();
        Head a = t.train(x, y, null, 2, e -> { }).head();
        Head b = t.train(x, y, null, 2, e -> { }).head();
        Head c = HeadTrainer.builder().hidden(8).maxIterations(50).seed(2).build().train(x, y, null, 2, e -> { })
                .head();
        assertThat(a.hiddenWeights()).isEqualTo(b.hiddenWeights());
        assertThat(a.outputWeights()).isEqualTo(b.outputWeights());
        assertThat(a.outputWeights()).isNotEqualTo(c.outputWeights());
    }

    /**
     * The real peer: scikit-learn's {@code StandardScaler} + {@code LogisticRegression(C, class_weight="balanced")}
     * fitted by tools/golden/make_logreg_golden.py on an unbalanced 3-class problem; the same C (as
     * {@code l2 = 1 / (C n)}) must give the same probabilities.
     */
    @Test
    void logisticRegressionEqualsScikitLearnForTheSameC() throws IOException {
        JsonNode g;
        try (InputStream in = getClass().getResourceAsStream("/golden/logreg_sklearn.json")) {
            g = new ObjectMapper().readTree(in);
        }
        int n = g.get("y").size();
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            JsonNode row = g.get("x").get(i);
            x[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                x[i][j] = (float) row.get(j).asDouble();
            }
            y[i] = g.get("y").get(i).asInt();
        }
        int[] counts = new int[3];
        for (int v : y) {
            counts[v]++;
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (double) n / (3 * counts[y[i]]);
        }
        for (JsonNode c : g.get("cases")) {
            Head h = HeadTrainer.builder().l2(1 / (c.get("C").asDouble() * n)).maxIterations(5000).build()
                    .train(x, y, w, 3, e -> { }).head();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                double[] p = h.probabilities(x[i]);
                for (int k = 0; k < 3; k++) {
                    worst = Math.max(worst, Math.abs(p[k] - c.get("probabilities").get(i).get(k).asDouble()));
                }
            }
            assertThat(worst).as("max |p_java - p_sklearn| at C=%s", c.get("C")).isLessThan(1e-4);
        }
    }

    @Test
    void classWeightsShiftTheDecisionTowardTheWeightedClass() {
        int[] y = new int[200];
        float[][] x = xor(200, 8, y);
        double[] heavyOne = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            heavyOne[i] = y[i] == 1 ? 20 : 1;
        }
        Head plain = HeadTrainer.builder().seed(1).build().train(x, y, null, 2, e -> { }).head();
        Head weighted = HeadTrainer.builder().seed(1).build().train(x, y, heavyOne, 2, e -> { }).head();
        assertThat(predictedOnes(weighted, x)).isGreaterThan(predictedOnes(plain, x));
    }

    private static int predictedOnes(Head h, float[][] x) {
        int n = 0;
        for (float[] row : x) {
            double[] p = h.probabilities(row);
            n += p[1] > p[0] ? 1 : 0;
        }
        return n;
    }

    @Test
    void badSettingsNameTheValue() {
        assertThatThrownBy(() -> HeadTrainer.builder().maxIterations(0).build())
                .hasMessage("maxIterations must be in [1, 100000], got 0");
        assertThatThrownBy(() -> HeadTrainer.builder().l2(-1).build()).hasMessageContaining("l2 must be in [0, 1000), got -1.0");
    }
}
