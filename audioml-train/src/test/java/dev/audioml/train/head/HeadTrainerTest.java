package dev.audioml.train.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        int[] yv = new int[100];
        float[][] xv = xor(100, 2, yv);
        int[] yt = new int[200];
        float[][] xt = xor(200, 3, yt);
        List<Epoch> seen = new ArrayList<>();
        HeadTrainer.Result mlp = HeadTrainer.builder().hidden(16).epochs(150).seed(5).build()
                .train(x, y, null, xv, yv, 2, seen::add);
        HeadTrainer.Result lin = HeadTrainer.builder().epochs(150).seed(5).build().train(x, y, null, xv, yv, 2, e -> { });
        assertThat(accuracy(mlp.head(), xt, yt)).isGreaterThan(XOR_MLP_ACCURACY);
        assertThat(accuracy(lin.head(), xt, yt)).isLessThan(XOR_LINEAR_MAX_ACCURACY);
        assertThat(seen).hasSameSizeAs(mlp.history());
        assertThat(seen.get(seen.size() - 1).trainLoss()).isLessThan(seen.get(0).trainLoss());
        assertThat(mlp.bestEpoch()).isBetween(1, seen.size());
    }

    @Test
    void sameSeedGivesTheSameHeadAndAnotherSeedAnother() {
        int[] y = new int[120];
        float[][] x = xor(120, 9, y);
        HeadTrainer t = HeadTrainer.builder().hidden(8).epochs(20).seed(1).build();
        Head a = t.train(x, y, null, new float[0][], new int[0], 2, e -> { }).head();
        Head b = t.train(x, y, null, new float[0][], new int[0], 2, e -> { }).head();
        Head c = HeadTrainer.builder().hidden(8).epochs(20).seed(2).build()
                .train(x, y, null, new float[0][], new int[0], 2, e -> { }).head();
        assertThat(a.hiddenWeights()).isEqualTo(b.hiddenWeights());
        assertThat(a.outputWeights()).isEqualTo(b.outputWeights());
        assertThat(a.outputWeights()).isNotEqualTo(c.outputWeights());
    }

    @Test
    void earlyStoppingStopsBeforeTheLastEpochWhenValidationStopsImproving() {
        int[] y = new int[60];
        float[][] x = xor(60, 4, y);
        int[] yv = new int[60];
        float[][] xv = xor(60, 6, yv);
        HeadTrainer.Result r = HeadTrainer.builder().hidden(64).epochs(2000).patience(5).learningRate(0.05).seed(3)
                .build().train(x, y, null, xv, yv, 2, e -> { });
        assertThat(r.history()).hasSizeLessThan(2000);
        assertThat(r.history().size() - r.bestEpoch()).isEqualTo(5);
    }

    @Test
    void classWeightsShiftTheDecisionTowardTheWeightedClass() {
        int[] y = new int[200];
        float[][] x = xor(200, 8, y);
        double[] heavyOne = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            heavyOne[i] = y[i] == 1 ? 20 : 1;
        }
        Head plain = HeadTrainer.builder().epochs(50).seed(1).build().train(x, y, null, new float[0][], new int[0], 2,
                e -> { }).head();
        Head weighted = HeadTrainer.builder().epochs(50).seed(1).build().train(x, y, heavyOne, new float[0][],
                new int[0], 2, e -> { }).head();
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
        assertThatThrownBy(() -> HeadTrainer.builder().epochs(0).build()).hasMessage("epochs must be in [1, 100000], got 0");
        assertThatThrownBy(() -> HeadTrainer.builder().learningRate(-1).build())
                .hasMessageContaining("learningRate must be in (0, 10), got -1.0");
    }
}
