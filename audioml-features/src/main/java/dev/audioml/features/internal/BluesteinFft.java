package dev.audioml.features.internal;

import dev.audioml.features.internal.RealFft;
/**
 * A real-input DFT of any length by Bluestein's chirp-z algorithm: {@code X[k] = w[k] * sum_n (x[n] w[n])
 * conj(w[k - n])} with {@code w[n] = exp(-i pi n^2 / N)}, the convolution done with complex FFTs of a power-of-two
 * length {@code m >= 2N - 1}, each made of two {@link RealFft}s of {@code m} points (pocketfft's {@code fftblue_fft}
 * does the same convolution with its complex plan). {@link RealFft} uses it for lengths with a large prime factor,
 * where pocketfft's cost model ({@code make_rfft_plan}) prefers Bluestein. Allocates nothing per call and starts no
 * threads.
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
    private final double[] kernelRe;
    private final double[] kernelIm;
    private final double[] bufRe;
    private final double[] bufIm;
    private final double[] specRe;
    private final double[] specIm;
    private final RealFft fft;

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
        this.fft = new RealFft(m); // a power of two: never Bluestein itself
        this.bufRe = new double[m];
        this.bufIm = new double[m];
        this.specRe = new double[m];
        this.specIm = new double[m];
        for (int k = 0; k < n; k++) { // conj(w[k]) at k and at m - k
            bufRe[k] = chirpRe[k];
            bufIm[k] = -chirpIm[k];
            if (k > 0) {
                bufRe[m - k] = chirpRe[k];
                bufIm[m - k] = -chirpIm[k];
            }
        }
        this.kernelRe = new double[m];
        this.kernelIm = new double[m];
        complexForward(bufRe, bufIm, kernelRe, kernelIm);
    }

    /**
     * @param x {@code n} real samples, read-only
     * @param outRe real parts of bins {@code 0..n/2}
     * @param outIm imaginary parts of bins {@code 0..n/2}
     */
    void forward(double[] x, double[] outRe, double[] outIm) {
        for (int k = 0; k < n; k++) {
            bufRe[k] = x[k] * chirpRe[k];
            bufIm[k] = x[k] * chirpIm[k];
        }
        java.util.Arrays.fill(bufRe, n, m, 0.0);
        java.util.Arrays.fill(bufIm, n, m, 0.0);
        complexForward(bufRe, bufIm, specRe, specIm);
        // times the kernel, conjugated: ifft(Y) = conj(fft(conj(Y))) / m
        for (int k = 0; k < m; k++) {
            double ar = specRe[k];
            double ai = specIm[k];
            double br = kernelRe[k];
            double bi = kernelIm[k];
            bufRe[k] = ar * br - ai * bi;
            bufIm[k] = -(ar * bi + ai * br);
        }
        complexForward(bufRe, bufIm, specRe, specIm);
        double scale = 1.0 / m;
        for (int k = 0; k <= n / 2; k++) {
            double ar = specRe[k] * scale;
            double ai = -specIm[k] * scale;
            outRe[k] = ar * chirpRe[k] - ai * chirpIm[k];
            outIm[k] = ar * chirpIm[k] + ai * chirpRe[k];
        }
    }

    /**
     * The complex DFT of {@code re + i im} ({@code m} points) into {@code outRe, outIm}, from the real DFTs of the two
     * parts: {@code Z[k] = P[k] + i Q[k]} with {@code P[m-k] = conj(P[k])}. Overwrites {@code re} and {@code im}.
     */
    private void complexForward(double[] re, double[] im, double[] outRe, double[] outIm) {
        fft.forward(re);
        fft.forward(im);
        outRe[0] = re[0];
        outIm[0] = im[0];
        for (int k = 1; 2 * k < m; k++) {
            double pr = re[2 * k - 1];
            double pi = re[2 * k];
            double qr = im[2 * k - 1];
            double qi = im[2 * k];
            outRe[k] = pr - qi;
            outIm[k] = pi + qr;
            outRe[m - k] = pr + qi;
            outIm[m - k] = qr - pi;
        }
        if ((m & 1) == 0 && m > 1) {
            outRe[m / 2] = re[m - 1];
            outIm[m / 2] = im[m - 1];
        }
    }
}
