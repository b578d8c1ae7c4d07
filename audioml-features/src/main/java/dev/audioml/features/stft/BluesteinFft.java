package dev.audioml.features.stft;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A real-input DFT of any length by Bluestein's chirp-z algorithm over power-of-two FFTs: {@code X[k] = w[k] *
 * sum_n (x[n] w[n]) conj(w[k - n])} with {@code w[n] = exp(-i pi n^2 / N)}, the convolution done with JTransforms'
 * power-of-two complex FFT (which, unlike its mixed-radix plans, allocates nothing per call). Used for the
 * non-power-of-two frame sizes common in speech (400, 300, odd sizes) so that the per-hop path stays
 * allocation-free; equal to the direct DFT within rounding (the goldens with n_fft 255, 300, 400, 511 prove it).
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
final class BluesteinFft {
    private final int n;
    private final int m;
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernel;
    private final double[] work;
    private final DoubleFFT_1D fft;

    /** @param n transform length, at least 1 */
    BluesteinFft(int n) {
        this.n = n;
        int need = 2 * n - 1; // linear (not circular) convolution of two length-n sequences
        this.m = Integer.bitCount(need) == 1 ? need : Integer.highestOneBit(need) << 1;
        this.chirpRe = new double[n];
        this.chirpIm = new double[n];
        for (int k = 0; k < n; k++) {
            // n^2 mod 2N keeps the angle exact for large k
            long sq = ((long) k * k) % (2L * n);
            double angle = Math.PI * sq / n;
            chirpRe[k] = Math.cos(angle);
            chirpIm[k] = -Math.sin(angle);
        }
        this.fft = new DoubleFFT_1D(m);
        this.kernel = new double[2 * m];
        for (int k = 0; k < n; k++) { // conj(w[k]) at k and at m - k
            kernel[2 * k] = chirpRe[k];
            kernel[2 * k + 1] = -chirpIm[k];
            if (k > 0) {
                kernel[2 * (m - k)] = chirpRe[k];
                kernel[2 * (m - k) + 1] = -chirpIm[k];
            }
        }
        fft.complexForward(kernel);
        this.work = new double[2 * m];
    }

    /**
     * @param x {@code n} real samples, read-only
     * @param outRe real parts of bins {@code 0..n/2}
     * @param outIm imaginary parts of bins {@code 0..n/2}
     */
    void forward(double[] x, double[] outRe, double[] outIm) {
        for (int k = 0; k < n; k++) {
            work[2 * k] = x[k] * chirpRe[k];
            work[2 * k + 1] = x[k] * chirpIm[k];
        }
        java.util.Arrays.fill(work, 2 * n, 2 * m, 0.0);
        fft.complexForward(work);
        for (int k = 0; k < m; k++) {
            double ar = work[2 * k];
            double ai = work[2 * k + 1];
            double br = kernel[2 * k];
            double bi = kernel[2 * k + 1];
            work[2 * k] = ar * br - ai * bi;
            work[2 * k + 1] = ar * bi + ai * br;
        }
        fft.complexInverse(work, true);
        for (int k = 0; k <= n / 2; k++) {
            double ar = work[2 * k];
            double ai = work[2 * k + 1];
            outRe[k] = ar * chirpRe[k] - ai * chirpIm[k];
            outIm[k] = ar * chirpIm[k] + ai * chirpRe[k];
        }
    }
}
