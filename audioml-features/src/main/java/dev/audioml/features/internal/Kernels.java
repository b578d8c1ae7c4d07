package dev.audioml.features.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The inner loops of the per-frame feature path, in two implementations that compute the same sums in the same order,
 * so that their results are equal bit for bit: {@link ScalarKernels} (plain Java) and {@code VectorKernels}
 * ({@code jdk.incubator.vector}, SIMD: 8 doubles per operation with AVX-512, 4 with AVX2), for JDK 17+ started with
 * {@code --add-modules jdk.incubator.vector} (the {@code audioml} launcher does with {@code AUDIOML_VECTOR=1}).
 *
 * <p>{@link #best()} picks the vector kernels where that module is in the boot layer and the system property
 * {@value #VECTOR_PROPERTY} is not {@code false} (the same switch as audioml-core's resampler passes); the class that
 * needs the module is only loaded then, so the library runs unchanged without it.
 *
 * <p>Implementations are immutable and thread-safe; the arrays passed in belong to the caller.
 */
public interface Kernels {
    /** System property: {@code false} keeps the scalar kernels even where the vector module is present. */
    String VECTOR_PROPERTY = "audioml.vector";

    /** @return whether this implementation runs on SIMD vectors */
    boolean isVector();

    /** {@code dst[dstPos + i] = src[srcPos + i]} (float to double, exact) for {@code i < n}. */
    void toDouble(float[] src, int srcPos, double[] dst, int dstPos, int n);

    /** {@code out[i] = a[i] * b[i]} for {@code i < n} ({@code out} may be {@code a}). */
    void multiply(double[] a, double[] b, double[] out, int n);

    /**
     * The power spectrum {@code |X_k|^2} of {@link RealFft}'s halfcomplex output: {@code out[0] = x0^2},
     * {@code out[k] = re_k^2 + im_k^2} (in that order) for {@code 1 <= k <= (n-1)/2}, {@code out[n/2] = x_{n-1}^2}
     * for even {@code n}.
     *
     * @param packed {@code n} values in halfcomplex layout
     * @param n the transform length
     * @param out destination of {@code n / 2 + 1} values
     */
    void powerSpectrum(double[] packed, int n, double[] out);

    /**
     * {@code out[i] = lnScale * ln(max(amin, in[i])) - offset} for {@code i < n}: the per-frame part of
     * {@code power_to_db} ({@code out} may be {@code in}), with {@link TableLog#ln} ({@code FastLog}'s logarithm) on
     * every lane.
     */
    void logScale(double[] in, double[] out, int n, double lnScale, double amin, double offset);

    /**
     * A band-limited matrix-vector product in {@link GroupedRows}' layout: {@code out[m] = sum_j W[m][j] * in[j]} for
     * {@code m < rows.rows()}, each row summed in ascending {@code j} (the mel filter bank).
     *
     * @param rows the matrix
     * @param in at least {@link GroupedRows#inputLength()} values
     * @param out destination of {@link GroupedRows#rows()} values
     */
    void groupedRows(GroupedRows rows, double[] in, double[] out);

    /**
     * The twiddles of one {@link RealFft} pass rearranged for {@link #radf4} or {@link #radf2Last}, or {@code null}
     * where this implementation runs that pass from pocketfft's table.
     *
     * @param ip the pass's radix
     * @param ido the pass's {@code ido}
     * @param wa the pass's twiddles as {@code rfftp_comp_twiddle} makes them
     */
    double[] prepareTwiddles(int ip, int ido, double[] wa);

    /** pocketfft's {@code radf4} pass; {@code prepared} is what {@link #prepareTwiddles} returned for it. */
    void radf4(int ido, int l1, double[] cc, double[] ch, double[] wa, double[] prepared);

    /** Values in the buffer that {@link #radf4Twice} and {@link #radf4Thrice} take: 64 outputs times up to 8 lanes. */
    int FIRST_PASSES_TEMP = 512;

    /** {@link #radf4Thrice}'s scratch holds {@code n + 16 * COLUMN_PAD} values (its 16 columns padded). */
    int COLUMN_PAD = 8;

    /**
     * {@link RealFft}'s fused first two radix-4 passes of a power of two {@code n >= 16} ({@code radf4} with
     * {@code ido = 1}, then with {@code ido = 4}).
     *
     * @param l1 {@code n / 16}
     * @param wa the twiddles of the second pass
     * @param temp {@value #FIRST_PASSES_TEMP} values of scratch owned by the caller (the vector kernels' transpose)
     */
    void radf4Twice(int l1, double[] cc, double[] ch, double[] wa, double[] temp);

    /**
     * {@link #radf4Twice} followed by pocketfft's {@code radf4} pass with {@code ido = 16}, for a power of two
     * {@code n >= 64}, where this implementation has a faster way than the two calls; the result lands in {@code cc}.
     *
     * @param l1 {@code n / 64}
     * @param cc the input, overwritten by the result
     * @param ch scratch of {@code n + 16} {@link #COLUMN_PAD} values
     * @param wa4 the twiddles of the second pass ({@code ido = 4})
     * @param wa16 the twiddles of the third pass ({@code ido = 16})
     * @param temp {@value #FIRST_PASSES_TEMP} values of scratch owned by the caller
     * @return whether it ran; {@code false} leaves both arrays untouched (the caller runs the passes one by one)
     */
    boolean radf4Thrice(int l1, double[] cc, double[] ch, double[] wa4, double[] wa16, double[] temp);

    /** {@link RealFft}'s last {@code radf2} pass ({@code l1 = 1}, even {@code ido}; {@code ch} may be {@code cc}). */
    void radf2Last(int ido, double[] cc, double[] ch, double[] wa, double[] prepared);

    /**
     * @return the vector kernels where {@code jdk.incubator.vector} is in the boot layer and the property
     *     {@value #VECTOR_PROPERTY} is not {@code false}, else the scalar ones; the same instance on every call
     */
    static Kernels best() {
        return Holder.BEST;
    }

    /** @return the scalar kernels */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** @return the vector kernels, loaded reflectively, or {@code null} where they cannot be loaded (no module) */
    static Kernels vectorOrNull() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> c = Class.forName(Kernels.class.getPackageName() + ".VectorKernels");
            return (Kernels) MethodHandles.lookup().findConstructor(c, MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) { // LinkageError without the module, a CPU without double vectors: the scalar kernels
            return null;
        }
    }

    /** Lazy holder of {@link #best()}. */
    final class Holder {
        static final Kernels BEST = choose();

        private Holder() {
        }

        private static Kernels choose() {
            if ("false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY))) {
                return ScalarKernels.INSTANCE;
            }
            Kernels vector = vectorOrNull();
            return vector != null ? vector : ScalarKernels.INSTANCE;
        }
    }
}
