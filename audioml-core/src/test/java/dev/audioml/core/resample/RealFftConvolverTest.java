package dev.audioml.core.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealFftConvolverTest {
    /** Round-off of a double-precision FFT convolution of unit-variance data, relative to the largest output. */
    private static final double CONVOLUTION_TOLERANCE = 1e-13;
    /** The same for the single-precision convolver (float round-off, growing with log2 n). */
    private static final double FLOAT_CONVOLUTION_TOLERANCE = 2e-6;

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192})
    void convolveEqualsTheDirectCircularSum(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] h = new double[Math.min(n, 9)];
        for (int i = 0; i < h.length; i++) {
            h[i] = random.nextDouble(-1, 1);
        }
        double[] x = new double[n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble(-1, 1);
        }
        double[] expected = new double[n];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < h.length; k++) {
                sum += h[k] * x[3 + Math.floorMod(i - k, n)];
            }
            expected[i] = sum;
            peak = Math.max(peak, Math.abs(sum));
        }
        new RealFftConvolver(h, n).convolve(x, 3); // at an offset
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(x[3 + i] - expected[i])).as("n %d, sample %d", n, i)
                    .isLessThanOrEqualTo(CONVOLUTION_TOLERANCE * peak);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192})
    void floatConvolveEqualsTheDirectCircularSumToFloatRoundOff(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] h = new double[Math.min(n, 9)];
        for (int i = 0; i < h.length; i++) {
            h[i] = random.nextDouble(-1, 1);
        }
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        double[] expected = new double[n];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < h.length; k++) {
                sum += h[k] * x[3 + Math.floorMod(i - k, n)];
            }
            expected[i] = sum;
            peak = Math.max(peak, Math.abs(sum));
        }
        new FloatFftConvolver(h, n).convolve(x, 3);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(x[3 + i] - expected[i])).as("n %d, sample %d", n, i)
                    .isLessThanOrEqualTo(FLOAT_CONVOLUTION_TOLERANCE * peak);
        }
    }

    @Test
    void forwardGivesTheDftBins() {
        int n = 64;
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble(-1, 1);
        }
        RealFftConvolver fft = new RealFftConvolver(new double[] {1}, n);
        fft.forward(x, 0);
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                re += x[j] * Math.cos(2 * Math.PI * j * k / n);
                im -= x[j] * Math.sin(2 * Math.PI * j * k / n);
            }
            assertThat(fft.xr[k]).as("Re X[%d]", k).isCloseTo(re, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(fft.xi[k]).as("Im X[%d]", k).isCloseTo(im, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** The vector passes (where the JVM has jdk.incubator.vector, as this module's tests do) equal the scalar ones. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 16, 32, 64, 256, 1024})
    void vectorPassesEqualScalarPassesBitForBit(int h) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        FftPasses scalar = new ScalarFftPasses();
        int n = Math.max(16 * h, 64);
        SplittableRandom random = new SplittableRandom(h);
        double[] re = new double[n];
        double[] im = new double[n];
        double[][] tw = new double[4][n + 5];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextDouble(-1, 1);
            im[i] = random.nextDouble(-1, 1);
        }
        for (double[] t : tw) {
            for (int i = 0; i < t.length; i++) {
                t[i] = random.nextDouble(-1, 1);
            }
        }
        double[] re2 = re.clone();
        double[] im2 = im.clone();
        scalar.radix4(re, im, n, h, tw[0], tw[1], tw[2], tw[3], 5);
        vector.radix4(re2, im2, n, h, tw[0], tw[1], tw[2], tw[3], 5);
        assertThat(re2).as("radix-4 real parts").isEqualTo(re);
        assertThat(im2).as("radix-4 imaginary parts").isEqualTo(im);
        scalar.radix2(re, im, n / 2, tw[0], tw[1], 0);
        vector.radix2(re2, im2, n / 2, tw[0], tw[1], 0);
        assertThat(re2).as("radix-2 real parts").isEqualTo(re);
        assertThat(im2).as("radix-2 imaginary parts").isEqualTo(im);
    }

    /** The same for the single-precision passes and the real transform's split steps. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 16, 32, 64, 256, 1024})
    void floatVectorPassesEqualScalarPassesBitForBit(int h) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        FftPasses scalar = new ScalarFftPasses();
        int n = Math.max(16 * h, 64);
        SplittableRandom random = new SplittableRandom(h);
        float[][] data = new float[2][n + 1];
        float[][] tw = new float[4][n + 5];
        for (float[][] set : new float[][][] {data, tw}) {
            for (float[] t : set) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) random.nextDouble(-1, 1);
                }
            }
        }
        float[] re = data[0].clone();
        float[] im = data[1].clone();
        float[] re2 = re.clone();
        float[] im2 = im.clone();
        scalar.radix4(re, im, n, h, tw[0], tw[1], tw[2], tw[3], 5);
        vector.radix4(re2, im2, n, h, tw[0], tw[1], tw[2], tw[3], 5);
        assertThat(re2).as("radix-4 real parts").isEqualTo(re);
        assertThat(im2).as("radix-4 imaginary parts").isEqualTo(im);
        scalar.radix2(re, im, n / 2, tw[0], tw[1], 0);
        vector.radix2(re2, im2, n / 2, tw[0], tw[1], 0);
        assertThat(re2).as("radix-2 real parts").isEqualTo(re);
        assertThat(im2).as("radix-2 imaginary parts").isEqualTo(im);
        for (int half : new int[] {Math.max(2, h), n}) {
            float[][] s = {new float[n + 1], new float[n + 1], new float[n + 1], new float[n + 1]};
            float[][] v = {new float[n + 1], new float[n + 1], new float[n + 1], new float[n + 1]};
            scalar.splitForward(data[0], data[1], tw[0], tw[1], s[0], s[1], half);
            vector.splitForward(data[0], data[1], tw[0], tw[1], v[0], v[1], half);
            assertThat(v[0]).as("split forward real, half %d", half).isEqualTo(s[0]);
            assertThat(v[1]).as("split forward imaginary, half %d", half).isEqualTo(s[1]);
            scalar.splitInverse(data[0], data[1], tw[0], tw[1], s[2], s[3], half);
            vector.splitInverse(data[0], data[1], tw[0], tw[1], v[2], v[3], half);
            assertThat(v[2]).as("split inverse real, half %d", half).isEqualTo(s[2]);
            assertThat(v[3]).as("split inverse imaginary, half %d", half).isEqualTo(s[3]);
        }
    }

    /**
     * The whole single-precision convolver on the vector passes equals it on the scalar passes, bit for bit: below 256
     * complex points (bit-reversed load, radix passes) and from there on (16-point DFTs across rows, the transposition,
     * the (de)interleaving), forward, filter and inverse.
     */
    @ParameterizedTest
    @ValueSource(ints = {64, 256, 512, 1024, 2048, 4096, 8192, 16384})
    void floatConvolverOnVectorsEqualsItOnScalarsBitForBit(int n) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        SplittableRandom random = new SplittableRandom(n + 1);
        double[] h = new double[n / 3];
        for (int i = 0; i < h.length; i++) {
            h[i] = random.nextDouble(-1, 1);
        }
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        float[] s = x.clone();
        float[] v = x.clone();
        FloatFftConvolver onScalars = new FloatFftConvolver(h, n, new ScalarFftPasses());
        FloatFftConvolver onVectors = new FloatFftConvolver(h, n, vector);
        onScalars.forward(s, 5);
        onVectors.forward(v, 5);
        assertThat(onVectors.xr).as("forward, real parts").isEqualTo(onScalars.xr);
        assertThat(onVectors.xi).as("forward, imaginary parts").isEqualTo(onScalars.xi);
        onScalars.multiplyByFilter();
        onVectors.multiplyByFilter();
        onScalars.inverse(s, 5);
        onVectors.inverse(v, 5);
        assertThat(v).as("convolved block").isEqualTo(s);
    }

    /**
     * libsoxr's power-of-two up-sampling in the frequency domain (a small block's bins repeated, every other period
     * mirrored and conjugated): on vectors as on scalars, bit for bit, and each repeated bin is the small one's.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void repeatedSpectrumOnVectorsEqualsItOnScalarsBitForBit(int upL) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        int n = 2048;
        SplittableRandom random = new SplittableRandom(upL);
        float[] x = new float[n / upL];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        FloatFftConvolver[] big = new FloatFftConvolver[2];
        FftPasses[] passes = {new ScalarFftPasses(), vector};
        for (int i = 0; i < 2; i++) {
            FloatFftConvolver small = new FloatFftConvolver(new double[0], n / upL, passes[i]);
            small.forward(x, 0);
            big[i] = new FloatFftConvolver(new double[0], n, passes[i]);
            big[i].repeatSpectrumOf(small);
            int nf = n / upL;
            for (int k = 0; k <= n / 2; k++) { // bin k of the zero-stuffed block: bin k mod nf, or its conjugate mirror
                int r = k % nf;
                boolean mirrored = r > nf / 2;
                assertThat(big[i].xr[k]).isEqualTo(mirrored ? small.xr[nf - r] : small.xr[r]);
                assertThat(big[i].xi[k]).isEqualTo(mirrored ? -small.xi[nf - r] : r == 0 && k > 0 ? 0f : small.xi[r]);
            }
        }
        assertThat(big[1].xr).isEqualTo(big[0].xr);
        assertThat(big[1].xi).isEqualTo(big[0].xi);
    }

    /** The samples picked straight from the inverse transform are those of the whole inverse block, bit for bit. */
    @ParameterizedTest
    @ValueSource(ints = {64, 512, 2048})
    void inverseIntoPicksTheInverseBlocksSamples(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (boolean dbl : new boolean[] {false, true}) {
            DftConvolver c = DftConvolver.of(new double[] {0.5, -0.25, 0.125}, n, dbl);
            float[] whole = new float[n];
            c.forward(x, 0);
            c.multiplyByFilter();
            c.inverse(whole, 0);
            for (int[] pick : new int[][] {{0, n, 1}, {1, n - 1, 1}, {7, n - 40, 1}, {6, n - 41, 1}, {3, n / 3, 3},
                    {n / 2 + 1, 5, 2}}) {
                float[] out = new float[n + 2];
                c.forward(x, 0);
                c.multiplyByFilter();
                c.inverseInto(out, 2, pick[0], pick[1], pick[2]);
                for (int i = 0; i < pick[1]; i++) {
                    assertThat(out[2 + i]).as("n %d, %s, sample %d", n, java.util.Arrays.toString(pick), i)
                            .isEqualTo(whole[pick[0] + i * pick[2]]);
                }
            }
        }
    }

    /**
     * The filter's products formed inside the inverse's first pass, or only for the low bins the F-domain decimation
     * keeps: the same samples and bins as multiplying the whole spectrum first, on vectors and on scalars, bit for bit.
     */
    @ParameterizedTest
    @ValueSource(ints = {64, 512, 2048})
    void fusedFilterProductsEqualMultiplyingFirst(int n) {
        FftPasses vector = FftPasses.vectorOrNull();
        SplittableRandom random = new SplittableRandom(n + 7);
        double[] h = new double[n / 3];
        for (int i = 0; i < h.length; i++) {
            h[i] = random.nextDouble(-1, 1);
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        FftPasses[] all = vector == null ? new FftPasses[] {new ScalarFftPasses()}
                : new FftPasses[] {new ScalarFftPasses(), vector};
        float[] reference = null;
        for (FftPasses passes : all) {
            FloatFftConvolver c = new FloatFftConvolver(h, n, passes);
            float[] whole = new float[n];
            c.forward(x, 0);
            c.multiplyByFilter();
            c.inverse(whole, 0);
            float[] fused = new float[n];
            c.forward(x, 0);
            c.multiplyAndInverseInto(fused, 0, 0, n, 1);
            assertThat(fused).as("multiply and inverse, %s", passes.getClass().getSimpleName()).isEqualTo(whole);
            if (reference == null) {
                reference = whole;
            }
            assertThat(whole).as("vector and scalar").isEqualTo(reference);
            FloatFftConvolver small = new FloatFftConvolver(new double[0], n / 2, passes);
            FloatFftConvolver small2 = new FloatFftConvolver(new double[0], n / 2, passes);
            c.forward(x, 0);
            c.multiplyByFilter();
            c.lowBinsInto(small, 0.5);
            c.forward(x, 0);
            c.multiplyLowBinsInto(small2, 0.5);
            assertThat(small2.xr).as("low bins, real").isEqualTo(small.xr);
            assertThat(small2.xi).as("low bins, imaginary").isEqualTo(small.xi);
        }
    }

    /** The transform from 256 complex points on (rows, transposition) gives the DFT bins to float round-off. */
    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 4096})
    void floatForwardGivesTheDftBins(int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (FftPasses passes : new FftPasses[] {new ScalarFftPasses(), FftPasses.best()}) {
            FloatFftConvolver fft = new FloatFftConvolver(new double[] {1}, n, passes);
            fft.forward(x, 0);
            for (int k = 0; k <= n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < n; j++) {
                    double a = 2 * Math.PI * ((long) j * k % n) / n;
                    re += x[j] * Math.cos(a);
                    im -= x[j] * Math.sin(a);
                }
                assertThat((double) fft.xr[k]).as("%s: Re X[%d]", passes, k)
                        .isCloseTo(re, org.assertj.core.data.Offset.offset(2e-5 * Math.sqrt(n)));
                assertThat((double) fft.xi[k]).as("%s: Im X[%d]", passes, k)
                        .isCloseTo(im, org.assertj.core.data.Offset.offset(2e-5 * Math.sqrt(n)));
            }
        }
    }

    /** The poly-phase stage's dot products: vector equals scalar for every tap count, full and partial groups. */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 7, 8, 9, 12, 15, 16, 17, 31, 33, 40})
    void vectorDot16EqualsScalarDot16BitForBit(int nc) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        SplittableRandom random = new SplittableRandom(nc);
        int padded = (nc + 15) & ~15;
        float[] c = new float[3 * padded];
        float[] z = new float[100 + padded + 16];
        for (int p = 0; p < 3; p++) {
            for (int t = 0; t < nc; t++) {
                c[p * padded + t] = (float) random.nextDouble(-1, 1);
            }
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-1, 1);
        }
        for (int first = 1; first < 100; first += 7) {
            float[] zw = z.clone();
            java.util.Arrays.fill(zw, first + nc, zw.length, Float.NaN); // samples past the window must not leak in
            for (int p = 0; p < 3; p++) {
                float s = new ScalarFftPasses().dot16(c, p * padded, zw, first, nc);
                float v = vector.dot16(c, p * padded, zw, first, nc);
                double exact = 0;
                for (int t = 0; t < nc; t++) {
                    exact += (double) c[p * padded + t] * zw[first + t];
                }
                assertThat((double) s).as("nc %d, first %d: the dot product", nc, first)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(Float.floatToRawIntBits(v)).as("nc %d, first %d, phase %d", nc, first, p)
                        .isEqualTo(Float.floatToRawIntBits(s));
            }
        }
    }

    /**
     * Whole groups of 16 rational poly-phase outputs with the clock from tables: on vectors as on scalars, and as the
     * stepped clock gives them, bit for bit (the tables built as SoxrResampler's PolyStage builds them).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 12, 15, 16})
    void polyRationalGroupsEqualTheSteppedOutputsBitForBit(int nc) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        SplittableRandom random = new SplittableRandom(nc + 100);
        int padded = 16;
        for (int[] step : new int[][] {{1, 96, 98}, {2, 121, 160}, {0, 24, 25}}) { // 98/50 x2, 441/160, 24/25
            int arbL = step[2];
            float[] c = new float[arbL * padded];
            for (int p = 0; p < arbL; p++) {
                for (int t = 0; t < nc; t++) {
                    c[p * padded + t] = (float) random.nextDouble(-1, 1);
                }
            }
            float[] z = new float[3000 + padded + 16];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextDouble(-1, 1);
            }
            int last = 3000 - nc;
            java.util.Arrays.fill(z, last + nc, z.length, Float.NaN); // past the last window: must not leak in
            int[] rowOffset = new int[16 * arbL];
            int[] firstOffset = new int[16 * arbL];
            int[] groupInputs = new int[arbL];
            int[] groupRem = new int[arbL];
            for (int r0 = 0; r0 < arbL; r0++) {
                int f = 0;
                int r = r0;
                for (int o = 0; o < 16; o++) {
                    rowOffset[16 * r0 + o] = r * padded;
                    firstOffset[16 * r0 + o] = f;
                    f += step[0];
                    r += step[1];
                    if (r >= arbL) {
                        r -= arbL;
                        f++;
                    }
                }
                groupInputs[r0] = f;
                groupRem[r0] = r;
            }
            float[] stepped = new float[8000];
            float[] s = new float[8000];
            float[] v = new float[8000];
            FftPasses scalar = new ScalarFftPasses();
            int n = scalar.polyRational(c, padded, z, 3, last, 7, step[0], step[1], arbL, nc, stepped, 0,
                    new float[256]);
            int ns = scalar.polyRationalGroups(c, z, 3, last, 7, rowOffset, firstOffset, groupInputs, groupRem, nc,
                    s, 0);
            int nv = vector.polyRationalGroups(c, z, 3, last, 7, rowOffset, firstOffset, groupInputs, groupRem, nc,
                    v, 0);
            assertThat(nv).isEqualTo(ns).isEqualTo(n / 16 * 16).isGreaterThan(0);
            for (int i = 0; i < ns; i++) {
                assertThat(Float.floatToRawIntBits(s[i])).as("nc %d, L %d, output %d", nc, arbL, i)
                        .isEqualTo(Float.floatToRawIntBits(stepped[i]));
                assertThat(Float.floatToRawIntBits(v[i])).as("nc %d, L %d, output %d", nc, arbL, i)
                        .isEqualTo(Float.floatToRawIntBits(stepped[i]));
            }
        }
    }

    /** Outputs of the rational poly-phase stage in a row, sixteen at a time on vectors: equal to dot16 one by one. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 12, 15, 16, 17, 33})
    void vectorPolyRationalEqualsScalarBitForBit(int nc) {
        FftPasses vector = FftPasses.vectorOrNull();
        assumeTrue(vector != null, "jdk.incubator.vector is not in this JVM");
        SplittableRandom random = new SplittableRandom(nc);
        int padded = (nc + 15) & ~15;
        int arbL = 25;
        float[] c = new float[arbL * padded];
        float[] z = new float[2000 + padded + 16];
        for (int p = 0; p < arbL; p++) {
            for (int t = 0; t < nc; t++) {
                c[p * padded + t] = (float) random.nextDouble(-1, 1);
            }
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-1, 1);
        }
        int last = 2000 - nc;
        java.util.Arrays.fill(z, last + nc, z.length, Float.NaN); // past the last window: must not leak in
        for (int[] step : new int[][] {{1, 24}, {2, 19}, {0, 24}}) { // 49/25 (22.05 -> 22.5 kHz), 69/25, 24/25
            float[] s = new float[4000];
            float[] v = new float[4000];
            int ns = new ScalarFftPasses().polyRational(c, padded, z, 3, last, 7, step[0], step[1], arbL, nc, s, 1,
                    new float[256]);
            int nv = vector.polyRational(c, padded, z, 3, last, 7, step[0], step[1], arbL, nc, v, 1, new float[256]);
            assertThat(nv).as("outputs, step %d + %d/25", step[0], step[1]).isEqualTo(ns).isGreaterThan(16);
            for (int i = 1; i <= ns; i++) {
                assertThat(Float.floatToRawIntBits(v[i]))
                        .as("nc %d, step %d + %d/25, output %d", nc, step[0], step[1], i).isEqualTo(Float.floatToRawIntBits(s[i]));
            }
        }
    }

    @Test
    void theVectorPassesAreChosenWhereTheModuleIsPresentUnlessSwitchedOff() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(FftPasses.best().getClass().getSimpleName())
                .isEqualTo(present ? "VectorFftPasses" : "ScalarFftPasses");
        String old = System.getProperty(FftPasses.VECTOR_PROPERTY);
        try {
            System.setProperty(FftPasses.VECTOR_PROPERTY, "false");
            assertThat(FftPasses.best()).isInstanceOf(ScalarFftPasses.class);
        } finally {
            if (old == null) {
                System.clearProperty(FftPasses.VECTOR_PROPERTY);
            } else {
                System.setProperty(FftPasses.VECTOR_PROPERTY, old);
            }
        }
    }
}
