package dev.audioml.features.internal;

/**
 * {@link dev.audioml.features.db.FastLog}'s logarithm and its tables, here so that the vector kernels can gather from
 * the same tables and give the same bits ({@code VectorKernels#logScale}). See {@code FastLog} for the method (Tang's
 * table-driven reduction) and its error. Immutable and thread-safe.
 */
public final class TableLog {
    static final int TABLE_BITS = 8;
    static final int FRACTION_BITS = 52;
    static final long FRACTION_MASK = (1L << FRACTION_BITS) - 1;
    static final long EXPONENT_ONE = 0x3ffL << FRACTION_BITS;
    static final long SMALLEST_NORMAL = Double.doubleToRawLongBits(Double.MIN_NORMAL);
    static final long INFINITY = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    static final double LN2 = Math.log(2.0);
    /** {@code 1 / c} rounded, for {@code c = 1 + i / 2^TABLE_BITS}. */
    static final double[] INVERSE = new double[1 << TABLE_BITS];
    /** {@code -ln(INVERSE[i])}: the log of the stored reciprocal's inverse, so the reduction is exact by design. */
    static final double[] LOG_C = new double[1 << TABLE_BITS];

    static {
        for (int i = 0; i < INVERSE.length; i++) {
            INVERSE[i] = 1.0 / (1.0 + (double) i / INVERSE.length);
            LOG_C[i] = -Math.log(INVERSE[i]);
        }
    }

    private TableLog() {
    }

    /**
     * The natural logarithm ({@link dev.audioml.features.db.FastLog#ln}).
     *
     * @param x any double
     * @return {@code ln x} within {@code FastLog.MAX_ERROR}; for {@code x <= 0}, subnormal, infinite or NaN exactly
     *     {@code Math.log(x)}
     */
    public static double ln(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if (bits < SMALLEST_NORMAL || bits >= INFINITY) { // also every negative x: the sign bit makes bits < 0
            return Math.log(x);
        }
        int exponent = (int) (bits >>> FRACTION_BITS) - 1023;
        int index = (int) (bits >>> (FRACTION_BITS - TABLE_BITS)) & (INVERSE.length - 1);
        double m = Double.longBitsToDouble((bits & FRACTION_MASK) | EXPONENT_ONE);
        double r = m * INVERSE[index] - 1.0; // exact (Sterbenz): the product is within 2^-8 of 1
        double series = r * (1.0 + r * (-1.0 / 2 + r * (1.0 / 3 + r * (-1.0 / 4 + r * (1.0 / 5)))));
        return exponent * LN2 + LOG_C[index] + series;
    }
}
