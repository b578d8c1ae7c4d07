package dev.audioml.features.delta;

/**
 * {@code librosa.feature.delta} along time, streamed: a Savitzky-Golay derivative of polynomial order {@code order}
 * over {@code width} frames ({@code scipy.signal.savgol_filter(deriv=order, polyorder=order, mode="interp")}),
 * optionally stacked with the static features ({@code np.concatenate([x, delta(x), delta(x, order=2)])}).
 *
 * <p>Interior frames use the centred window. With {@code mode="interp"} the first and last {@code width / 2} frames
 * take the derivative of the polynomial fitted to the first/last window; since that derivative of a degree-{@code order}
 * polynomial is constant, they equal the value of the nearest interior frame. So each output frame is emitted
 * {@code width / 2} frames late, and the last ones at {@link #flush}. Like librosa, a stream shorter than
 * {@code width} frames is an error.
 *
 * <p>Not thread-safe: confine to one pipeline thread. Allocates nothing after construction.
 *
 * @since 0.1
 */
public final class Deltas {
    /** Receives each output row; the array is reused. */
    @FunctionalInterface
    public interface RowConsumer {
        /**
         * @param row output values, valid only during the call
         * @param bins number of values
         */
        void accept(double[] row, int bins);
    }

    private final int width;
    private final int half;
    private final int[] orders;
    private final int bins;
    private final double[][] coefficients;
    private final double[][] history;
    private final double[] out;
    private long frames;

    /**
     * @param width window in frames, odd and at least 3 (librosa's default 9)
     * @param orders what to stack, in order: 0 for the static features, 1 for delta, 2 for delta-delta...
     * @param bins values per input row
     */
    public Deltas(int width, int[] orders, int bins) {
        if (width < 3 || width % 2 == 0) {
            throw new IllegalArgumentException("delta width must be an odd integer >= 3, got " + width);
        }
        if (orders.length == 0) {
            throw new IllegalArgumentException("delta order must name at least one order");
        }
        this.width = width;
        this.half = width / 2;
        this.orders = orders.clone();
        this.bins = bins;
        this.coefficients = new double[orders.length][];
        for (int i = 0; i < orders.length; i++) {
            if (orders[i] < 0 || orders[i] >= width) {
                throw new IllegalArgumentException("delta order must be in [0, " + (width - 1) + "] (width - 1), got "
                        + orders[i]);
            }
            coefficients[i] = orders[i] == 0 ? null : savgolCoefficients(width, orders[i]);
        }
        this.history = new double[width][bins];
        this.out = new double[bins * orders.length];
    }

    /**
     * Savitzky-Golay dot coefficients: the {@code order}-th derivative at the window centre of the least-squares
     * polynomial of degree {@code order}, {@code order! [(A^T A)^-1 A^T]_order} with {@code A[k][j] = z_k^j}.
     *
     * @param width window length, odd
     * @param order derivative and polynomial order
     * @return {@code width} coefficients for offsets {@code -width/2 .. width/2}
     */
    public static double[] savgolCoefficients(int width, int order) {
        int h = width / 2;
        int m = order + 1;
        double[][] ata = new double[m][2 * m];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                double s = 0;
                for (int z = -h; z <= h; z++) {
                    s += Math.pow(z, r + c);
                }
                ata[r][c] = s;
            }
            ata[r][m + r] = 1.0;
        }
        for (int col = 0; col < m; col++) { // Gauss-Jordan with partial pivoting
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(ata[r][col]) > Math.abs(ata[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = ata[col];
            ata[col] = ata[pivot];
            ata[pivot] = tmp;
            double p = ata[col][col];
            for (int c = 0; c < 2 * m; c++) {
                ata[col][c] /= p;
            }
            for (int r = 0; r < m; r++) {
                if (r != col) {
                    double f = ata[r][col];
                    for (int c = 0; c < 2 * m; c++) {
                        ata[r][c] -= f * ata[col][c];
                    }
                }
            }
        }
        double factorial = 1;
        for (int i = 2; i <= order; i++) {
            factorial *= i;
        }
        double[] coeffs = new double[width];
        for (int z = -h; z <= h; z++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += ata[order][m + j] * Math.pow(z, j);
            }
            coeffs[z + h] = factorial * s;
        }
        return coeffs;
    }

    /** @return values per output row, {@code bins * orders} */
    public int outputBins() {
        return out.length;
    }

    /** @return the most rows {@link #flush} emits */
    public int maxFlushRows() {
        return half;
    }

    /**
     * Adds one input row and emits the output rows it completes (none, one, or {@code width / 2 + 1} for the first
     * full window).
     *
     * @param row {@code bins} values, read-only
     * @param consumer receives output rows
     * @return the number of rows emitted
     */
    public int push(double[] row, RowConsumer consumer) {
        System.arraycopy(row, 0, history[(int) (frames % width)], 0, bins);
        frames++;
        if (frames < width) {
            return 0;
        }
        long centre = frames - 1 - half;
        if (frames == width) {
            for (long q = 0; q < half; q++) {
                emit(q, centre, consumer);
            }
            emit(centre, centre, consumer);
            return half + 1;
        }
        emit(centre, centre, consumer);
        return 1;
    }

    /**
     * Ends the stream: emits the last {@code width / 2} rows and forgets the stream.
     *
     * @param consumer receives output rows
     * @return the number of rows emitted
     * @throws IllegalArgumentException if the stream had fewer than {@code width} (but more than 0) rows, as librosa
     */
    public int flush(RowConsumer consumer) {
        long total = frames;
        frames = 0;
        if (total == 0) {
            return 0;
        }
        if (total < width) {
            throw new IllegalArgumentException("delta width " + width + " needs at least " + width
                    + " frames, got " + total + " (librosa: \"when mode='interp', width cannot exceed data length\")");
        }
        long centre = total - 1 - half;
        for (long q = total - half; q < total; q++) {
            emit(q, centre, consumer);
        }
        return half;
    }

    /** Forgets the stream. */
    public void reset() {
        frames = 0;
    }

    private void emit(long position, long centre, RowConsumer consumer) {
        for (int o = 0; o < orders.length; o++) {
            int base = o * bins;
            if (coefficients[o] == null) {
                System.arraycopy(history[(int) (position % width)], 0, out, base, bins);
                continue;
            }
            double[] c = coefficients[o];
            java.util.Arrays.fill(out, base, base + bins, 0.0);
            int slot = (int) ((centre - half) % width); // one long division per row, then an int ring index
            for (int k = 0; k < width; k++, slot = slot + 1 == width ? 0 : slot + 1) {
                double[] src = history[slot];
                double ck = c[k];
                for (int b = 0; b < bins; b++) {
                    out[base + b] += ck * src[b];
                }
            }
        }
        consumer.accept(out, out.length);
    }
}
