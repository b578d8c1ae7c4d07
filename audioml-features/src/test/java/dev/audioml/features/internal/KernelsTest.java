package dev.audioml.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.audioml.features.mel.MelFilterBank;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD kernels ({@code VectorKernels}, the surefire run adds {@code jdk.incubator.vector}) against the scalar ones:
 * equal bit for bit, since both compute the same sums in the same order. Sizes cover the vector loops' tails (1, odd,
 * prime, powers of two, lengths just around a vector block).
 */
class KernelsTest {
    private static Kernels vector;

    @BeforeAll
    static void loadVector() {
        vector = Kernels.vectorOrNull();
    }

    static IntStream fftSizes() {
        return IntStream.of(1, 2, 3, 4, 8, 12, 16, 20, 24, 32, 36, 40, 48, 64, 96, 100, 128, 160, 200, 256, 320, 400,
                441, 480, 512, 640, 800, 1000, 1024, 2048, 4096, 4099, 8192);
    }

    static IntStream lengths() {
        return IntStream.rangeClosed(0, 70);
    }

    private static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * r.nextDouble() - 1;
        }
        return x;
    }

    @Test
    void bestPicksTheVectorKernelsExactlyWhereTheModuleIsPresent() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            // the scalar-kernels surefire run, a JVM without the module: the library runs on the scalar kernels
            assertThat(vector).isNull();
            assertThat(Kernels.best().isVector()).isFalse();
            assertThat(new RealFft(512).isVector()).isFalse();
            return;
        }
        assertThat(vector).isNotNull();
        assertThat(vector.isVector()).isTrue();
        boolean scalarForced = "false".equalsIgnoreCase(System.getProperty(Kernels.VECTOR_PROPERTY));
        assertThat(Kernels.best().isVector()).isEqualTo(!scalarForced);
        assertThat(new RealFft(512).isVector()).isEqualTo(!scalarForced);
        assertThat(Kernels.scalar().isVector()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("fftSizes")
    void realFftIsBitIdentical(int n) {
        assumeTrue(vector != null);
        RealFft scalarFft = new RealFft(n, Kernels.scalar());
        RealFft vectorFft = new RealFft(n, vector);
        for (long seed = 0; seed < 3; seed++) {
            double[] a = noise(n, seed);
            double[] b = a.clone();
            scalarFft.forward(a);
            vectorFft.forward(b);
            assertThat(b).as("n=%d seed=%d", n, seed).containsExactly(a);
        }
    }

    @ParameterizedTest
    @MethodSource("fftSizes")
    void powerSpectrumIsBitIdentical(int n) {
        assumeTrue(vector != null);
        double[] packed = noise(n, n);
        double[] a = new double[n / 2 + 1];
        double[] b = new double[n / 2 + 1];
        Kernels.scalar().powerSpectrum(packed, n, a);
        vector.powerSpectrum(packed, n, b);
        assertThat(b).containsExactly(a);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void multiplyAndLogScaleAreBitIdentical(int n) {
        assumeTrue(vector != null);
        double[] x = noise(n + 3, 7 + n);
        double[] w = noise(n + 3, 8 + n);
        double[] a = new double[n + 3];
        double[] b = new double[n + 3];
        Kernels.scalar().multiply(x, w, a, n);
        vector.multiply(x, w, b, n);
        assertThat(b).containsExactly(a);
        double[] power = new double[n];
        for (int i = 0; i < n; i++) { // powers over 40 decades, zeros and the floor's neighbourhood
            power[i] = i % 9 == 0 ? 0.0 : Math.abs(x[i]) * Math.pow(10, (i % 40) - 30);
        }
        Kernels.scalar().logScale(power, a, n, 10 / Math.log(10), 1e-10, 3.5);
        vector.logScale(power, b, n, 10 / Math.log(10), 1e-10, 3.5);
        assertThat(Arrays.copyOf(b, n)).containsExactly(Arrays.copyOf(a, n));
        double[] inPlace = power.clone();
        vector.logScale(inPlace, inPlace, n, 10 / Math.log(10), 1e-10, 3.5);
        assertThat(inPlace).containsExactly(Arrays.copyOf(a, n));
    }

    @Test
    void melProjectionIsBitIdentical() {
        assumeTrue(vector != null);
        int[][] configs = {{16_000, 512, 64}, {22_050, 2048, 128}, {22_050, 1024, 224}, {16_000, 400, 80},
            {8_000, 256, 40}};
        for (int[] c : configs) {
            MelFilterBank bank = new MelFilterBank(c[0], c[1], c[2], 0, c[0] / 2.0, false, true);
            int bins = c[1] / 2 + 1;
            double[][] w = new double[c[2]][bins];
            int nonZero = 0;
            for (int m = 0; m < c[2]; m++) {
                for (int k = 0; k < bins; k++) {
                    w[m][k] = bank.weight(m, k);
                    nonZero += w[m][k] != 0 ? 1 : 0;
                }
            }
            // the same band-limited layout as MelFilterBank's
            double[] flat = new double[nonZero + bins * c[2]];
            int[] offset = new int[c[2] + 1];
            int[] first = new int[c[2]];
            for (int m = 0; m < c[2]; m++) {
                int lo = 0;
                while (lo < bins - 1 && w[m][lo] == 0) {
                    lo++;
                }
                int hi = bins - 1;
                while (hi > lo && w[m][hi] == 0) {
                    hi--;
                }
                first[m] = lo;
                System.arraycopy(w[m], lo, flat, offset[m], hi - lo + 1);
                offset[m + 1] = offset[m] + hi - lo + 1;
            }
            double[] spectrum = noise(bins, c[1]);
            double[] a = new double[c[2]];
            double[] b = new double[c[2]];
            Kernels.scalar().sparseRows(flat, offset, first, spectrum, a, c[2]);
            vector.sparseRows(flat, offset, first, spectrum, b, c[2]);
            assertThat(b).as("config %s", Arrays.toString(c)).containsExactly(a);
        }
    }
}
