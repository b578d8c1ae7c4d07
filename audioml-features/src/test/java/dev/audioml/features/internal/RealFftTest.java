package dev.audioml.features.internal;

import dev.audioml.features.internal.BluesteinFft;
import dev.audioml.features.internal.RealFft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RealFft} against the direct O(n^2) DFT, Parseval, linearity, known spectra, plan choice and allocation. */
class RealFftTest {
    /**
     * Bound on {@code max_k |X_k - DFT_k| / max_k |DFT_k|} per {@code log2(n) + 1}. Measured against the compensated
     * direct DFT below (JDK 17, these sizes): at most 4.6e-16 relative for the real plan (n = 400: 4.6e-16, 512:
     * 3.1e-16, 2048: 4.1e-16), 8.4e-16 for Bluestein at 4099; at most 1.5e-16 per log2(n) + 1 (n = 3), so 3e-16
     * leaves a margin of 2x there and 4-10x at the FFT sizes used for features.
     */
    static final double RELATIVE_ERROR_PER_LOG2N = 3e-16;
    /** Parseval and linearity are checked to this relative error times {@code log2(n) + 1}. */
    static final double IDENTITY_RELATIVE_ERROR_PER_LOG2N = 1e-15;
    /**
     * Bound on {@code max |X - numpy| / max |numpy|} against {@code numpy.fft.rfft} (numpy 1.24's C pocketfft, the
     * code ported): the same algorithm in the same order, so only twiddles rounded differently (pocketfft's own
     * polynomial sin/cos vs. {@code Math.sin/cos}) and radfg's summation order separate them; measured at most
     * 3.6e-16 (n = 97).
     */
    static final double NUMPY_RELATIVE_ERROR = 1e-15;
    /** Bytes tolerated over 1000 transforms (the counter itself may allocate a few bytes), as in AllocationTest. */
    static final long ALLOCATION_SLACK_BYTES = 256;

    static IntStream sizes() {
        return IntStream.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 25, 30, 49, 97, 100, 128, 256, 400, 441, 480, 512,
                640, 1000, 1023, 1024, 2047, 2048, 4096, 4099);
    }

    static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * r.nextDouble() - 1;
        }
        return x;
    }

    /** Neumaier's compensated sum: {@code acc[0]} the sum, {@code acc[1]} the rounding error carried along. */
    private static void add(double[] acc, double v) {
        double sum = acc[0] + v;
        acc[1] += Math.abs(acc[0]) >= Math.abs(v) ? (acc[0] - sum) + v : (v - sum) + acc[0];
        acc[0] = sum;
    }

    /**
     * Bins {@code 0..n/2} of the direct DFT summed with compensation (so that its own rounding stays far below the
     * FFT's), twiddles {@code exp(-2 pi i m / n)} with {@code m = j k mod n}.
     */
    static double[][] directDft(double[] x) {
        int n = x.length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int m = 0; m < n; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double[] sr = new double[2];
            double[] si = new double[2];
            for (int j = 0; j < n; j++) {
                int m = (int) ((long) j * k % n);
                add(sr, x[j] * cos[m]);
                add(si, -x[j] * sin[m]);
            }
            re[k] = sr[0] + sr[1];
            im[k] = si[0] + si[1];
        }
        return new double[][] {re, im};
    }

    /** Re X_k from the halfcomplex layout. */
    static double re(double[] packed, int n, int k) {
        return k == 0 ? packed[0] : 2 * k == n ? packed[n - 1] : packed[2 * k - 1];
    }

    static double im(double[] packed, int n, int k) {
        return k == 0 || 2 * k == n ? 0.0 : packed[2 * k];
    }

    static double log2Plus1(int n) {
        return Math.log(n) / Math.log(2) + 1;
    }

    static double[] transform(double[] x) {
        double[] y = x.clone();
        new RealFft(x.length).forward(y);
        return y;
    }

    /** The largest error relative to the largest bin magnitude. */
    static double relativeError(double[] packed, double[][] ref) {
        int n = packed.length;
        double maxErr = 0;
        double maxRef = 0;
        for (int k = 0; k <= n / 2; k++) {
            maxErr = Math.max(maxErr, Math.hypot(re(packed, n, k) - ref[0][k], im(packed, n, k) - ref[1][k]));
            maxRef = Math.max(maxRef, Math.hypot(ref[0][k], ref[1][k]));
        }
        return maxErr / maxRef;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void matchesTheDirectDft(int n) {
        double[] x = noise(n, n);
        double err = relativeError(transform(x), directDft(x));
        assertThat(err).as("relative error at n=%d", n).isLessThanOrEqualTo(RELATIVE_ERROR_PER_LOG2N * log2Plus1(n));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void keepsEnergy(int n) {
        double[] x = noise(n, 7L * n);
        double[] y = transform(x);
        double time = 0;
        for (double v : x) {
            time += v * v;
        }
        double freq = 0;
        for (int k = 0; k <= n / 2; k++) {
            double p = re(y, n, k) * re(y, n, k) + im(y, n, k) * im(y, n, k);
            freq += k == 0 || 2 * k == n ? p : 2 * p; // bins above n/2 mirror those below
        }
        assertThat(freq / n).as("Parseval at n=%d", n)
                .isCloseTo(time, org.assertj.core.data.Offset.offset(
                        time * IDENTITY_RELATIVE_ERROR_PER_LOG2N * log2Plus1(n)));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void isLinear(int n) {
        double[] x = noise(n, 11L * n);
        double[] y = noise(n, 13L * n);
        double a = 0.75;
        double b = -2.5;
        double[] mix = new double[n];
        for (int i = 0; i < n; i++) {
            mix[i] = a * x[i] + b * y[i];
        }
        double[] fx = transform(x);
        double[] fy = transform(y);
        double[] fmix = transform(mix);
        double maxErr = 0;
        double maxVal = 0;
        for (int i = 0; i < n; i++) {
            maxErr = Math.max(maxErr, Math.abs(fmix[i] - (a * fx[i] + b * fy[i])));
            maxVal = Math.max(maxVal, Math.abs(fmix[i]));
        }
        assertThat(maxErr).as("linearity at n=%d", n)
                .isLessThanOrEqualTo(maxVal * IDENTITY_RELATIVE_ERROR_PER_LOG2N * log2Plus1(n));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 97, 400, 512, 4099})
    void anImpulseHasAFlatSpectrumAndACosineOneBin(int n) {
        double[] impulse = new double[n];
        impulse[0] = 1;
        double[] flat = transform(impulse);
        for (int k = 0; k <= n / 2; k++) {
            assertThat(re(flat, n, k)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-13));
            assertThat(im(flat, n, k)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-13));
        }
        int bin = n / 3;
        double[] cosine = new double[n];
        for (int j = 0; j < n; j++) {
            cosine[j] = Math.cos(2 * Math.PI * ((long) bin * j % n) / n);
        }
        double[] y = transform(cosine);
        double expected = bin == 0 || 2 * bin == n ? n : n / 2.0;
        for (int k = 0; k <= n / 2; k++) {
            double mag = Math.hypot(re(y, n, k), im(y, n, k));
            assertThat(mag).as("bin %d of n=%d", k, n)
                    .isCloseTo(k == bin ? expected : 0.0, org.assertj.core.data.Offset.offset(1e-10 * n));
        }
    }

    /** The LCG of {@code tools/golden/make_rfft_golden.py}: exact in float64, so numpy and Java see the same input. */
    static double[] lcgNoise(int n) {
        long x = n;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out[i] = (x >>> 11) / 9007199254740992.0 - 0.5;
        }
        return out;
    }

    @Test
    void matchesNumpysRfft() throws java.io.IOException {
        byte[] bytes;
        try (java.io.InputStream in = RealFftTest.class.getResourceAsStream("/golden/rfft_numpy.bin")) {
            assertThat(in).as("golden/rfft_numpy.bin (tools/golden/make_rfft_golden.py)").isNotNull();
            bytes = in.readAllBytes();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int cases = b.getInt();
        assertThat(cases).isEqualTo(6);
        for (int c = 0; c < cases; c++) {
            int n = b.getInt();
            double[] expected = new double[n];
            b.asDoubleBuffer().get(expected);
            b.position(b.position() + 8 * n);
            double[] actual = transform(lcgNoise(n));
            double maxErr = 0;
            double maxVal = 0;
            for (int i = 0; i < n; i++) {
                maxErr = Math.max(maxErr, Math.abs(actual[i] - expected[i]));
                maxVal = Math.max(maxVal, Math.abs(expected[i]));
            }
            assertThat(maxErr / maxVal).as("relative difference from numpy at n=%d", n)
                    .isLessThanOrEqualTo(NUMPY_RELATIVE_ERROR);
        }
        assertThat(b.remaining()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 97, 400, 1009})
    void bluesteinMatchesTheDirectDft(int n) {
        double[] x = noise(n, 3L * n);
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        new BluesteinFft(n).forward(x, re, im);
        double[] packed = new double[n];
        packed[0] = re[0];
        for (int k = 1; 2 * k < n; k++) {
            packed[2 * k - 1] = re[k];
            packed[2 * k] = im[k];
        }
        if (n % 2 == 0) {
            packed[n - 1] = re[n / 2];
        }
        double err = relativeError(packed, directDft(x));
        assertThat(err).as("Bluestein relative error at n=%d", n)
                .isLessThanOrEqualTo(RELATIVE_ERROR_PER_LOG2N * log2Plus1(n));
    }

    @Test
    void choosesBluesteinWhereNumpysCostModelDoes() {
        // make_rfft_plan: 4099 is prime; 97 is prime but its direct radix-97 pass is guessed cheaper
        // (0.5 * 1.1 * 97 * 97 = 5175 against 3 * cost_guess(196) = 11407); 2047 = 23 * 89 likewise
        assertThat(new RealFft(4099).isBluestein()).isTrue();
        assertThat(new RealFft(2 * 4099).isBluestein()).isTrue();
        assertThat(new RealFft(97).isBluestein()).isFalse();
        assertThat(new RealFft(2047).isBluestein()).isFalse();
        assertThat(new RealFft(400).isBluestein()).isFalse();
        assertThat(new RealFft(47).isBluestein()).as("below 50: always the real plan").isFalse();
        assertThat(RealFft.goodSize(193)).isEqualTo(196);
        assertThat(RealFft.largestPrimeFactor(2047)).isEqualTo(89);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 441, 512, 1000, 2048, 4099})
    void forwardAllocatesNothing(int n) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RealFft fft = new RealFft(n);
        double[] x = noise(n, 5);
        double[] work = new double[n];
        double sink = 0;
        int warmUp = n > 4096 ? 500 : 3000; // Bluestein at 4099 runs four 16384-point FFTs per call
        for (int i = 0; i < warmUp; i++) { // warm-up (JIT)
            System.arraycopy(x, 0, work, 0, n);
            fft.forward(work);
            sink += work[1];
        }
        long tid = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        // least of the rounds, as AllocationTest; up to 30 of them, as the SIMD kernels (jdk.incubator.vector, which
        // the surefire run adds) allocate their vectors until C2 has compiled them, which takes longer on a busy machine
        for (int round = 0; round < 30 && allocated > ALLOCATION_SLACK_BYTES; round++) {
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(x, 0, work, 0, n);
                fft.forward(work);
                sink += work[1];
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(tid) - before);
        }
        assertThat(sink).isFinite();
        assertThat(allocated).as("bytes allocated by 1000 transforms of %d", n)
                .isLessThanOrEqualTo(ALLOCATION_SLACK_BYTES);
    }

    @Test
    void rejectsBadLengths() {
        assertThatThrownBy(() -> new RealFft(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FFT length must be >= 1, got 0");
        RealFft fft = new RealFft(8);
        assertThatThrownBy(() -> fft.forward(new double[7])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data has 7 samples, FFT length is 8");
    }
}
