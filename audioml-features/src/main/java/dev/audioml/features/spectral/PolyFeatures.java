package dev.audioml.features.spectral;

import dev.audioml.features.FrameFeature;
import dev.audioml.features.stft.Spectrum;

/**
 * {@code librosa.feature.poly_features}: per frame, the coefficients of the least-squares polynomial of degree
 * {@code order} that fits the magnitude spectrum {@code |STFT|} against the bin frequencies
 * ({@code np.polyfit(fft_frequencies(sr, n_fft), S, order)}), highest degree first. As {@code np.polyfit}, the
 * Vandermonde columns are scaled to unit norm before the least-squares solve; the solve (a pseudo-inverse from a
 * Householder QR of the scaled matrix) is made once in the constructor, so a frame costs one FFT and
 * {@code (order + 1) * bins} multiply-adds.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.2
 */
public final class PolyFeatures implements FrameFeature {
    private final Spectrum spectrum;
    private final double[] magnitude;
    /** pinv[c * bins + k]: coefficient c (highest degree first) per unit magnitude in bin k, scale included. */
    private final double[] pinv;
    private final int coefficients;

    /**
     * @param sampleRateHz sample rate in Hz
     * @param window the centred STFT window of {@code n_fft} points
     * @param order polynomial degree, at least 0
     */
    public PolyFeatures(double sampleRateHz, double[] window, int order) {
        if (order < 0) {
            throw new IllegalArgumentException("order must be >= 0, got " + order);
        }
        this.spectrum = new Spectrum(window.length, window, 1.0);
        int bins = spectrum.bins();
        if (order + 1 > bins) {
            throw new IllegalArgumentException("order must be < " + bins + " (the number of frequency bins), got "
                    + order);
        }
        this.magnitude = new double[bins];
        this.coefficients = order + 1;
        // Vandermonde lhs[k][c] = f_k^(order - c), columns scaled to unit norm (np.polyfit)
        double[][] a = new double[bins][coefficients];
        double[] scale = new double[coefficients];
        for (int k = 0; k < bins; k++) {
            double f = k * sampleRateHz / window.length;
            for (int c = 0; c < coefficients; c++) {
                a[k][c] = Math.pow(f, order - c);
                scale[c] += a[k][c] * a[k][c];
            }
        }
        for (int c = 0; c < coefficients; c++) {
            scale[c] = Math.sqrt(scale[c]);
            for (int k = 0; k < bins; k++) {
                a[k][c] /= scale[c];
            }
        }
        this.pinv = pseudoInverse(a, bins, coefficients);
        for (int c = 0; c < coefficients; c++) {
            for (int k = 0; k < bins; k++) {
                pinv[c * bins + k] /= scale[c];
            }
        }
    }

    /** (A^T A)^-1 A^T of a full-rank m x n matrix (m >= n) by Householder QR: R^-1 Q^T. */
    private static double[] pseudoInverse(double[][] a, int m, int n) {
        double[][] r = new double[m][];
        for (int i = 0; i < m; i++) {
            r[i] = a[i].clone();
        }
        // q holds Q^T applied to the identity, built column by column: start with I (m x m) rows we need
        double[][] qt = new double[m][m];
        for (int i = 0; i < m; i++) {
            qt[i][i] = 1;
        }
        double[] v = new double[m];
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = j; i < m; i++) {
                norm += r[i][j] * r[i][j];
            }
            norm = Math.sqrt(norm);
            double alpha = r[j][j] > 0 ? -norm : norm;
            double vnorm = 0;
            for (int i = j; i < m; i++) {
                v[i] = r[i][j] - (i == j ? alpha : 0);
                vnorm += v[i] * v[i];
            }
            if (vnorm == 0) {
                continue;
            }
            for (int col = 0; col < n; col++) {
                double dot = 0;
                for (int i = j; i < m; i++) {
                    dot += v[i] * r[i][col];
                }
                double f = 2 * dot / vnorm;
                for (int i = j; i < m; i++) {
                    r[i][col] -= f * v[i];
                }
            }
            for (int col = 0; col < m; col++) {
                double dot = 0;
                for (int i = j; i < m; i++) {
                    dot += v[i] * qt[i][col];
                }
                double f = 2 * dot / vnorm;
                for (int i = j; i < m; i++) {
                    qt[i][col] -= f * v[i];
                }
            }
        }
        // x = R^-1 (Q^T b)_{0..n}: rows of the pseudo-inverse by back substitution on each column of qt
        double[] out = new double[n * m];
        for (int k = 0; k < m; k++) {
            for (int i = n - 1; i >= 0; i--) {
                double s = qt[i][k];
                for (int c = i + 1; c < n; c++) {
                    s -= r[i][c] * out[c * m + k];
                }
                out[i * m + k] = s / r[i][i];
            }
        }
        return out;
    }

    @Override
    public int bins() {
        return coefficients;
    }

    @Override
    public void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row) {
        spectrum.compute(frame, frame.length, magnitude);
        int bins = magnitude.length;
        for (int c = 0; c < coefficients; c++) {
            double s = 0;
            int base = c * bins;
            for (int k = 0; k < bins; k++) {
                s += pinv[base + k] * magnitude[k];
            }
            row[c] = s;
        }
    }
}
