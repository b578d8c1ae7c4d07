package dev.audioml.features.db;

import dev.audioml.features.internal.Kernels;

/**
 * {@code librosa.power_to_db} and {@code librosa.amplitude_to_db}, split into the part that works frame by frame and
 * the part that needs the whole matrix.
 *
 * <p>librosa computes {@code 10 log10(max(amin, S)) - 10 log10(max(amin, |ref|))}, then, with {@code top_db},
 * {@code max(x, max(x) - top_db)} over the whole matrix. {@code amplitude_to_db(S, ref, amin, top_db)} is
 * {@code power_to_db(S^2, ref^2, amin^2, top_db)}, i.e. the same with factor 20. With {@code ref="max"} the reference
 * is the matrix maximum; because the floor is monotonic, subtracting the maximum of the floored dB matrix is the same.
 * {@link #applyToRow} does the per-frame part (with {@code ref = max} it leaves the reference at 1), and
 * {@link #applyToMatrix} the matrix part (subtract the maximum, clip to {@code top_db}).
 *
 * <p>The per-frame logarithm is {@link FastLog#ln} (three times faster than {@code Math.log10}): it differs from
 * {@code factor * Math.log10} by at most {@code 20 / ln 10 * FastLog.MAX_ERROR}, 1e-11 dB, far below a float32 ulp of
 * a dB value (the reference dB constant {@code 10 log10(ref)} still uses {@code Math.log10}). Where
 * {@code jdk.incubator.vector} is present the row runs on SIMD lanes with the same table (gathered), the same bits.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Decibels {
    /** {@code factor / ln 10} (factor 10 or 20): {@code factor log10 x} is {@code lnScale ln x}. */
    private static final Kernels KERNELS = Kernels.best();
    private final double lnScale;
    private final double amin;
    private final double refDb;
    private final boolean refMax;
    private final double topDb;

    /**
     * @param amplitude {@code true} for {@code amplitude_to_db} (factor 20), {@code false} for {@code power_to_db}
     * @param ref positive reference value; ignored when {@code refMax}
     * @param refMax use the matrix maximum as reference ({@code ref=np.max})
     * @param amin positive floor on the input
     * @param topDb non-negative clipping range in dB, or {@code NaN} for none ({@code top_db=None})
     */
    public Decibels(boolean amplitude, double ref, boolean refMax, double amin, double topDb) {
        if (!(amin > 0)) {
            throw new IllegalArgumentException("amin must be > 0, got " + amin);
        }
        if (!refMax && !(ref > 0)) {
            throw new IllegalArgumentException("ref must be a positive number or \"max\", got " + ref);
        }
        if (topDb < 0) {
            throw new IllegalArgumentException("top_db must be >= 0 or null, got " + topDb);
        }
        double factor = amplitude ? 20.0 : 10.0;
        this.lnScale = factor / Math.log(10.0);
        this.amin = amin;
        this.refMax = refMax;
        this.refDb = refMax ? 0.0 : factor * Math.log10(Math.max(amin, Math.abs(ref)));
        this.topDb = topDb;
    }

    /** @return whether {@link #applyToMatrix} changes anything (reference {@code max} or a {@code top_db}) */
    public boolean needsMatrix() {
        return refMax || !Double.isNaN(topDb);
    }

    /**
     * The per-frame part, in place.
     *
     * @param row values to convert
     * @param n number of values
     */
    public void applyToRow(double[] row, int n) {
        applyToRow(row, row, n);
    }

    /**
     * The per-frame part from one array into another (or the same).
     *
     * @param in values to convert, read-only unless it is {@code out}
     * @param out destination of {@code n} values
     * @param n number of values
     * @since 0.1
     */
    public void applyToRow(double[] in, double[] out, int n) {
        KERNELS.logScale(in, out, n, lnScale, amin, refDb);
    }

    /**
     * The matrix part, in place, after {@link #applyToRow} on every row.
     *
     * @param matrix row-major values
     * @param offset first value
     * @param length number of values
     */
    public void applyToMatrix(double[] matrix, int offset, int length) {
        if (!needsMatrix() || length == 0) {
            return;
        }
        applyMatrixMax(matrix, offset, length, max(matrix, offset, length, Double.NEGATIVE_INFINITY));
    }

    /**
     * The statistic {@link #applyToMatrix} needs, gathered part by part: the largest value, so that a stream can be
     * converted in two passes (this one over every row, then {@link #applyMatrixMax} per row) with the same numbers
     * as the whole matrix ({@code Math.max} does not depend on the order).
     *
     * @param values dB values after {@link #applyToRow}
     * @param offset first value
     * @param length number of values
     * @param max the maximum so far ({@code -Infinity} at the start)
     * @return the maximum of {@code max} and the values
     * @since 0.3
     */
    public static double max(double[] values, int offset, int length, double max) {
        double m = max;
        for (int i = offset; i < offset + length; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }

    /**
     * The matrix part, in place, given the maximum of the whole matrix (see {@link #max}).
     *
     * @param values dB values after {@link #applyToRow}
     * @param offset first value
     * @param length number of values
     * @param max the maximum over every value of the matrix
     * @since 0.3
     */
    public void applyMatrixMax(double[] values, int offset, int length, double max) {
        if (!needsMatrix()) {
            return;
        }
        double shift = refMax ? max : 0.0;
        double floor = Double.isNaN(topDb) ? Double.NEGATIVE_INFINITY : max - shift - topDb;
        for (int i = offset; i < offset + length; i++) {
            values[i] = Math.max(values[i] - shift, floor);
        }
    }
}
