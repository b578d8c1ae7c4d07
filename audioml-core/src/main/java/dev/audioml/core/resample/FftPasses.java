package dev.audioml.core.resample;

import java.lang.invoke.MethodHandles;

/**
 * The resampler's inner loops that SIMD speeds up: the passes of {@link RealFftConvolver}'s and
 * {@link FloatFftConvolver}'s complex FFT, on split real/imaginary arrays (the complex point {@code p} is
 * {@code re[p] + i im[p]}), in place; the single-precision transform's first four passes as 16-point DFTs across
 * rows and the transposition after them; the (de)interleaving of real blocks; the real transform's split steps; and
 * the poly-phase stage's dot products.
 *
 * <p>Two implementations compute the same sums in the same order, so their results are equal bit for bit:
 * {@link ScalarFftPasses}, and {@code VectorFftPasses} on {@code jdk.incubator.vector} (SIMD, for JDK 17+ started with
 * {@code --add-modules jdk.incubator.vector}, as the {@code audioml} launcher does). {@link #best} picks the vector
 * one where that module is present and {@code -Daudioml.vector=false} is not set; the class that needs the module is
 * only loaded then, so the library runs unchanged without it.
 *
 * <p>Implementations are immutable and thread-safe.
 */
interface FftPasses {
    /** System property: {@code false} keeps the scalar passes even where the vector module is present. */
    String VECTOR_PROPERTY = "audioml.vector";

    /**
     * One fused radix-2^2 pass: in each group of {@code 4h} points, four sub-transforms of size {@code h} combine to
     * one of {@code 4h}, with twiddles {@code A = W_2h^j = tac + i tas} and {@code B = W_4h^j = tbc + i tbs},
     * {@code j < h}, read from {@code off} in the tables.
     *
     * @param n the transform length in complex points, a multiple of {@code 4h}
     * @param h the sub-transform size, a power of two
     */
    void radix4(double[] re, double[] im, int n, int h, double[] tac, double[] tas, double[] tbc, double[] tbs,
            int off);

    /** One radix-2 pass over {@code 2h} points: two halves of size {@code h} combine, twiddles {@code tac + i tas}. */
    void radix2(double[] re, double[] im, int h, double[] tac, double[] tas, int off);

    /** {@link #radix4(double[], double[], int, int, double[], double[], double[], double[], int)} in single precision. */
    void radix4(float[] re, float[] im, int n, int h, float[] tac, float[] tas, float[] tbc, float[] tbs, int off);

    /** {@link #radix2(double[], double[], int, double[], double[], int)} in single precision. */
    void radix2(float[] re, float[] im, int h, float[] tac, float[] tas, int off);

    /**
     * The real forward transform's last step, bins {@code k} and {@code half - k} for {@code k in [1, half / 2]}, from
     * the half-length complex transform {@code Z = zr + i zi} of the even (real) and odd (imaginary) samples:
     * {@code E = (Z[k] + conj Z[half - k]) / 2}, {@code O = (Z[k] - conj Z[half - k]) / 2i},
     * {@code X[k] = E + W^k O}, {@code X[half - k] = conj(E - W^k O)}, {@code W^k = wr[k] - i wi[k]}. For
     * {@code k = half / 2} the second write wins.
     */
    void splitForward(float[] zr, float[] zi, float[] wr, float[] wi, float[] xr, float[] xi, int half);

    /**
     * The real inverse transform's first step, the inverse of {@link #splitForward}: points {@code k} and
     * {@code half - k}, {@code k in [1, half / 2]}, of {@code Z = E + i O} into {@code zr/zi} in natural order, with
     * {@code E = (X[k] + conj X[half - k]) / 2}, {@code O = (X[k] - conj X[half - k]) / 2 * W^-k}.
     */
    void splitInverse(float[] xr, float[] xi, float[] wr, float[] wi, float[] zr, float[] zi, int half);

    /**
     * {@link #multiply multiply(xr, xi, hr, hi, half + 1)} then {@link #splitInverse}, in one pass where the
     * implementation can (the vector passes form each bin's product where the split step loads it: the same products,
     * so the same results bit for bit); {@code xr/xi} are left unspecified.
     */
    void splitInverseTimes(float[] xr, float[] xi, float[] hr, float[] hi, float[] wr, float[] wi, float[] zr,
            float[] zi, int half);

    /**
     * The first four radix-2 passes of a complex FFT of {@code 16 cols} points, done as sixteen-point DFTs across rows:
     * the points are read as 16 rows of {@code cols} (point {@code t cols + o} in row {@code t}, column {@code o}), and
     * each column {@code o} is replaced, in place, by its 16-point DFT over the rows {@code t}, as two radix-4 steps
     * (decimation in frequency): first, for each {@code t1 < 4}, the 4-point DFT of rows {@code t1 + 4 t2} times
     * {@code W_16^(t1 k2)} into row {@code t1 + 4 k2}; then, for each {@code k2}, the 4-point DFT of rows
     * {@code 4 k2 + t1} into row {@code 4 k2 + k1}. Bin {@code k = 4 k1 + k2} of a column ends in row
     * {@code 4 (k % 4) + k / 4}. Every operation is between rows (whole vectors of columns), none within one.
     *
     * @param cols a multiple of 16
     */
    void dft16Rows(float[] re, float[] im, int cols);

    /**
     * {@link #deinterleave deinterleave(x, off, re, im, 16 cols)} then {@link #dft16Rows dft16Rows(re, im, cols)}, as
     * one pass over the samples where the implementation can.
     */
    default void dft16RowsFrom(float[] x, int off, float[] re, float[] im, int cols) {
        deinterleave(x, off, re, im, 16 * cols);
        dft16Rows(re, im, cols);
    }

    /**
     * The transposition after {@link #dft16Rows}: bin {@code k} of column {@code o = 16 c + l} (row
     * {@code 4 (k % 4) + k / 4}) goes to {@code dst[tileDst[c] + bitrev4(l) cols + k]}, where the radix-2 passes from
     * sub-transforms of 16 on expect it (the 16-point group of column {@code o}, in bit-reversed group order).
     *
     * @param cols a multiple of 16
     * @param tileDst per tile of 16 columns, the first destination index of its lane 0
     * @param tile scratch of 256 floats
     */
    void rowsToGroups(float[] sr, float[] si, float[] dr, float[] di, int cols, int[] tileDst, float[] tile);

    /**
     * The spectrum times the filter's, bins {@code k < n}: {@code (xr + i xi)(hr + i hi)} as
     * {@code xr hr - xi hi} and {@code xr hi + xi hr}, in place.
     */
    void multiply(float[] xr, float[] xi, float[] hr, float[] hi, int n);

    /**
     * The mirrored, conjugated bins of a real transform's spectrum: {@code dr[to + m] = sr[from - m]},
     * {@code di[to + m] = -si[from - m]}, {@code m < n} (the source and destination do not overlap).
     */
    void mirrorConjugate(float[] sr, float[] si, int from, float[] dr, float[] di, int to, int n);

    /**
     * {@link #multiply}'s products, each then times {@code scale}, into {@code dr/di} (bins {@code k < n}; {@code xr/xi}
     * left as they are).
     */
    void multiplyScaled(float[] xr, float[] xi, float[] hr, float[] hi, float scale, float[] dr, float[] di, int n);

    /** {@code re[j] = x[off + 2j]}, {@code im[j] = x[off + 2j + 1]}, {@code j < n}, {@code n} a multiple of 16. */
    void deinterleave(float[] x, int off, float[] re, float[] im, int n);

    /**
     * {@code x[off + 2j] = re[from + j] * scale}, {@code x[off + 2j + 1] = im[from + j] * scale}, {@code j < n}.
     */
    void interleave(float[] re, float[] im, int from, float scale, float[] x, int off, int n);

    /**
     * One output of {@link SoxrResampler}'s rational poly-phase stage in single precision (libsoxr's {@code cr32s}
     * computes it in float): {@code sum c[row + t] z[first + t]}, {@code t < nc}, as sixteen lane sums
     * ({@code t mod 16}, each in increasing {@code t}, from +0.0) added as a tree: lanes {@code l} and {@code l + 8},
     * then the results 4 apart, 2 apart, 1 apart (lane 0 first each time).
     *
     * @param c taps, each row zero-padded to a multiple of 16
     * @param z samples; {@code z.length >= first + nc + 15}
     */
    float dot16(float[] c, int row, float[] z, int first, int nc);

    /**
     * The rational poly-phase stage's outputs in a row ({@code poly-fir0.h}): output {@code i} is
     * {@link #dot16 dot16(c, rem_i padded, z, first_i, nc)} for the clock {@code first_0 = first},
     * {@code rem_0 = rem}, each step {@code first += stepInputs, rem += stepRem} and one more input when
     * {@code rem} reaches {@code arbL}, for as long as {@code first_i <= last}. The vector passes sum 16 outputs at
     * a time (their lane sums reduced together, by the same tree), with the same results.
     *
     * @param tile scratch of 256 floats
     * @return the number of outputs written to {@code out} from {@code k}
     */
    default int polyRational(float[] c, int padded, float[] z, int first, int last, int rem, int stepInputs,
            int stepRem, int arbL, int nc, float[] out, int k, float[] tile) {
        int k0 = k;
        while (first <= last) {
            out[k++] = dot16(c, rem * padded, z, first, nc);
            first += stepInputs;
            rem += stepRem;
            if (rem >= arbL) {
                rem -= arbL;
                first++;
            }
        }
        return k - k0;
    }

    /**
     * {@link #polyRational}'s outputs in whole groups of 16, the clock read from tables instead of stepped: a group
     * starting at input {@code first} with remainder {@code rem} has output {@code o}'s taps from
     * {@code c[rowOffset[16 rem + o]]} and samples from {@code z[first + firstOffset[16 rem + o]]}, and the next group
     * starts {@code groupInputs[rem]} inputs on with remainder {@code groupRem[rem]}. Groups are made while the
     * group's last output starts at or before {@code last}; the outputs equal {@link #dot16}'s bit for bit.
     *
     * @return the number of outputs written to {@code out} from {@code k}, a multiple of 16
     */
    default int polyRationalGroups(float[] c, float[] z, int first, int last, int rem, int[] rowOffset,
            int[] firstOffset, int[] groupInputs, int[] groupRem, int nc, float[] out, int k) {
        int k0 = k;
        while (first + firstOffset[16 * rem + 15] <= last) {
            for (int o = 0; o < 16; o++) {
                out[k++] = dot16(c, rowOffset[16 * rem + o], z, first + firstOffset[16 * rem + o], nc);
            }
            first += groupInputs[rem];
            rem = groupRem[rem];
        }
        return k - k0;
    }

    /**
     * @return the vector passes where {@code jdk.incubator.vector} is in the boot layer and the property
     *     {@value #VECTOR_PROPERTY} is not {@code false}, else the scalar ones
     */
    static FftPasses best() {
        if (!"false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            FftPasses vector = vectorOrNull();
            if (vector != null) {
                return vector;
            }
        }
        return new ScalarFftPasses();
    }

    /** @return {@code VectorFftPasses}, loaded reflectively, or null where it cannot be loaded */
    static FftPasses vectorOrNull() {
        try {
            Class<?> c = Class.forName(FftPasses.class.getPackageName() + ".VectorFftPasses");
            return (FftPasses) MethodHandles.lookup().findConstructor(c,
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) { // LinkageError without the module, or a JVM that refuses it: the scalar passes
            return null;
        }
    }
}
