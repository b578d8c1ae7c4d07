package dev.audioml.features.norm;

/**
 * Per-feature standardisation (cepstral mean and variance normalisation) with stored statistics:
 * {@code (x[b] - mean[b]) / std[b]}. Statistics come from training data ({@link #fit}) and travel in the feature
 * spec ({@code "cmvn": {"mean": [...], "std": [...]}}), so Java applies exactly what the model was trained with.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Cmvn {
    /** The smallest standard deviation {@link #fit} stores (constant columns would divide by zero). */
    public static final double MIN_STD = 1e-10;

    private final double[] mean;
    private final double[] std;

    /**
     * @param mean per-feature mean; copied
     * @param std per-feature standard deviation, each positive; copied
     */
    public Cmvn(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("cmvn mean and std must have the same non-zero length, got "
                    + mean.length + " and " + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || Double.isInfinite(std[i])) {
                throw new IllegalArgumentException("cmvn std[" + i + "] must be a positive number, got " + std[i]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Computes statistics over the rows of a matrix (population standard deviation, floored at {@link #MIN_STD}).
     *
     * @param matrix row-major {@code [frames][bins]} values
     * @param frames number of rows, at least 1
     * @param bins number of columns, at least 1
     * @return the statistics
     */
    public static Cmvn fit(float[] matrix, int frames, int bins) {
        if (frames < 1 || bins < 1 || matrix.length < frames * bins) {
            throw new IllegalArgumentException("need a non-empty matrix, got " + frames + " x " + bins);
        }
        double[] mean = new double[bins];
        double[] std = new double[bins];
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < bins; b++) {
                mean[b] += matrix[f * bins + b];
            }
        }
        for (int b = 0; b < bins; b++) {
            mean[b] /= frames;
        }
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < bins; b++) {
                double d = matrix[f * bins + b] - mean[b];
                std[b] += d * d;
            }
        }
        for (int b = 0; b < bins; b++) {
            std[b] = Math.max(MIN_STD, Math.sqrt(std[b] / frames));
        }
        return new Cmvn(mean, std);
    }

    /** @return the number of features */
    public int bins() {
        return mean.length;
    }

    /** @return a copy of the means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the standard deviations */
    public double[] std() {
        return std.clone();
    }

    /**
     * Standardises one row in place.
     *
     * @param row {@link #bins()} values
     */
    public void apply(double[] row) {
        for (int b = 0; b < mean.length; b++) {
            row[b] = (row[b] - mean[b]) / std[b];
        }
    }
}
