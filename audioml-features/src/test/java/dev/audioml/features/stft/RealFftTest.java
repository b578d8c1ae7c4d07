package dev.audioml.features.stft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealFftTest {
    /** Relative to the largest bin magnitude. */
    static final double FFT_TOLERANCE = 1e-12;

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {4, 8, 16, 256, 512, 2048, 4096})
    void equalsJTransforms(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() - 0.5;
        }
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        new RealFft(n).forward(x, re, im);
        double[] ref = x.clone();
        new DoubleFFT_1D(n).realForward(ref);
        double max = 0;
        for (int k = 0; k <= n / 2; k++) {
            max = Math.max(max, Math.hypot(re[k], im[k]));
        }
        for (int k = 0; k <= n / 2; k++) {
            double rr = k == n / 2 ? ref[1] : ref[2 * k];
            double ri = k == 0 || k == n / 2 ? 0 : ref[2 * k + 1];
            assertThat(Math.abs(re[k] - rr)).as("re[%d]", k).isLessThanOrEqualTo(FFT_TOLERANCE * max);
            assertThat(Math.abs(im[k] - ri)).as("im[%d]", k).isLessThanOrEqualTo(FFT_TOLERANCE * max);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 6, 500})
    void rejectsSizesThatAreNotPowersOfTwoFromFour(int n) {
        assertThatThrownBy(() -> new RealFft(n)).hasMessageContaining("got " + n);
    }
}
