package dev.audioml.core.resample;

import java.lang.invoke.MethodHandles;

/**
 * The resampler's inner loops that SIMD speeds up: the passes of {@link RealFftConvolver}'s and
 * {@link FloatFftConvolver}'s complex FFT, on split real/imaginary arrays (the complex point {@code p} is
 * {@code re[p] + i im[p]}), in place; the real transform's split steps; and the poly-phase stage's dot products.
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
     * One output of {@link SoxrResampler}'s rational poly-phase stage: {@code sum c[row + t] z[first + t]},
     * {@code t < nc}, as eight lane sums ({@code t mod 8}, each in increasing {@code t}, from +0.0) added as a tree
     * {@code ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7))}.
     *
     * @param c taps, each row zero-padded to a multiple of 8
     * @param z samples; {@code z.length >= first + nc + 7}
     */
    double dot8(double[] c, int row, double[] z, int first, int nc);

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
