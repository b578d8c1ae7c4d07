package dev.audioml.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.audioml.features.mel.MelFilterBank;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
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

    /**
     * The same after C2 has compiled the vector passes (the tests above mostly run them interpreted): a few thousand
     * transforms of sizes that take the vector first pass; JDK 17.0.15's C2 once gathered from wrong addresses there.
     */
    @Test
    void realFftStaysBitIdenticalOnceCompiled() {
        assumeTrue(vector != null);
        int[] sizes = {128, 256, 512, 1024, 2048, 4096};
        RealFft[] scalarFfts = new RealFft[sizes.length];
        RealFft[] vectorFfts = new RealFft[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            scalarFfts[s] = new RealFft(sizes[s], Kernels.scalar());
            vectorFfts[s] = new RealFft(sizes[s], vector);
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 2000; round++) {
            int s = round % sizes.length;
            double[] a = new double[sizes[s]];
            for (int i = 0; i < a.length; i++) {
                a[i] = 2 * random.nextDouble() - 1;
            }
            double[] b = a.clone();
            scalarFfts[s].forward(a);
            vectorFfts[s].forward(b);
            if (!Arrays.equals(a, b)) {
                assertThat(b).as("n=%d round=%d", sizes[s], round).containsExactly(a);
            }
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
    void toDoubleMultiplyAndLogScaleAreBitIdentical(int n) {
        assumeTrue(vector != null);
        double[] x = noise(n + 3, 7 + n);
        double[] w = noise(n + 3, 8 + n);
        double[] a = new double[n + 3];
        double[] b = new double[n + 3];
        Kernels.scalar().multiply(x, w, a, n);
        vector.multiply(x, w, b, n);
        assertThat(b).containsExactly(a);
        float[] f = new float[n + 5];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i % x.length] * (i % 7 == 0 ? 1e30f : 1f);
        }
        double[] c = new double[n + 3];
        double[] d = new double[n + 3];
        Kernels.scalar().toDouble(f, 2, c, 1, n);
        vector.toDouble(f, 2, d, 1, n);
        assertThat(d).containsExactly(c);
        for (int i = 0; i < n; i++) {
            assertThat(c[1 + i]).isEqualTo((double) f[2 + i]);
        }
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

    /**
     * The grouped mel projection, scalar and vector, against the row-by-row band-limited sum in ascending bin (what
     * the kernels computed before the grouping, and what {@code GoldenParityTest} checks against librosa): the same
     * bits, for librosa banks and for random band-limited matrices (row counts around multiples of 8, empty rows,
     * runs at both ends of the input).
     */
    @Test
    void melProjectionEqualsTheBandLimitedSum() {
        int[][] configs = {{16_000, 512, 64}, {22_050, 2048, 128}, {22_050, 1024, 224}, {16_000, 400, 80},
            {8_000, 256, 40}, {16_000, 512, 13}};
        for (int[] c : configs) {
            MelFilterBank bank = new MelFilterBank(c[0], c[1], c[2], 0, c[0] / 2.0, false, true);
            int bins = c[1] / 2 + 1;
            double[][] w = new double[c[2]][bins];
            for (int m = 0; m < c[2]; m++) {
                for (int k = 0; k < bins; k++) {
                    w[m][k] = bank.weight(m, k);
                }
            }
            double[] spectrum = noise(bins, c[1]);
            double[] viaBank = new double[c[2]];
            bank.apply(spectrum, viaBank);
            checkGrouped(w, spectrum, viaBank, "config " + Arrays.toString(c));
        }
        Random random = new Random(5);
        for (int rows : new int[] {1, 7, 8, 9, 15, 16, 17, 40, 63}) {
            int bins = 1 + random.nextInt(300);
            double[][] w = new double[rows][bins];
            for (int m = 0; m < rows; m++) {
                if (m % 5 == 3) {
                    continue; // an empty row
                }
                int span = 1 + random.nextInt(Math.min(bins, 40));
                int lo = m % 4 == 0 ? bins - span : random.nextInt(bins - span + 1); // some runs end at the top
                for (int k = lo; k < lo + span; k++) {
                    w[m][k] = random.nextDouble() - 0.3; // negative weights too
                }
            }
            double[] input = noise(bins, rows);
            checkGrouped(w, input, null, "random " + rows + " x " + bins);
        }
    }

    /** Band-limited layout of {@code w}, the reference sum, both kernels, and (if given) another result to match. */
    private static void checkGrouped(double[][] w, double[] in, double[] also, String what) {
        int rows = w.length;
        int bins = w[0].length;
        double[] flat = new double[rows * bins];
        int[] offset = new int[rows + 1];
        int[] first = new int[rows];
        double[] reference = new double[rows];
        for (int m = 0; m < rows; m++) {
            int lo = 0;
            while (lo < bins && w[m][lo] == 0) {
                lo++;
            }
            int hi = bins - 1;
            while (hi >= lo && w[m][hi] == 0) {
                hi--;
            }
            first[m] = lo == bins ? 0 : lo;
            int span = Math.max(0, hi - lo + 1);
            System.arraycopy(w[m], first[m], flat, offset[m], span);
            offset[m + 1] = offset[m] + span;
            double sum = 0;
            for (int k = lo; k <= hi; k++) {
                sum += w[m][k] * in[k];
            }
            reference[m] = sum;
        }
        GroupedRows grouped = GroupedRows.of(flat, offset, first, rows, bins);
        double[] a = new double[rows];
        Kernels.scalar().groupedRows(grouped, in, a);
        assertThat(a).as("scalar, %s", what).containsExactly(reference);
        if (also != null) {
            assertThat(also).as("MelFilterBank.apply, %s", what).containsExactly(reference);
        }
        if (vector != null) {
            double[] b = new double[rows];
            vector.groupedRows(grouped, in, b);
            assertThat(b).as("vector, %s", what).containsExactly(reference);
        }
    }

    /**
     * The dB row over the whole range a power spectrum of float audio takes (and the special values), vector against
     * scalar bit for bit, and its float32 values equal to those of {@code 10 log10} with {@link Math#log10}.
     */
    @Test
    void decibelRowMatchesMathLog10() {
        int n = 100_003; // not a multiple of a vector
        double[] power = new double[n];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            power[i] = Math.pow(10, random.nextDouble() * 120 - 100); // 1e-100 .. 1e20
        }
        power[17] = Double.NaN;
        power[40] = Double.POSITIVE_INFINITY;
        power[41] = 0.0;
        double lnScale = 10 / Math.log(10);
        double[] a = new double[n];
        Kernels.scalar().logScale(power, a, n, lnScale, 1e-10, 0.0);
        int differing = 0;
        for (int i = 0; i < n; i++) {
            float expected = (float) (10 * Math.log10(Math.max(1e-10, power[i])));
            differing += Float.compare((float) a[i], expected) == 0 ? 0 : 1;
        }
        assertThat(differing).isZero();
        if (vector != null) {
            double[] b = new double[n];
            vector.logScale(power, b, n, lnScale, 1e-10, 0.0);
            assertThat(b).containsExactly(a);
            double[] tiny = {0x1p-1060, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0}; // a subnormal amin: scalar fallback
            double[] c = new double[tiny.length];
            double[] d = new double[tiny.length];
            Kernels.scalar().logScale(tiny, c, tiny.length, lnScale, 0x1p-1070, 0.0);
            vector.logScale(tiny, d, tiny.length, lnScale, 0x1p-1070, 0.0);
            assertThat(d).containsExactly(c);
            assertThat(c[0]).isEqualTo(lnScale * Math.log(0x1p-1060));
        }
    }
}
