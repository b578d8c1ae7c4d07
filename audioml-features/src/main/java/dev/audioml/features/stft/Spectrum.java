package dev.audioml.features.stft;

import dev.audioml.features.internal.Kernels;
import dev.audioml.features.internal.RealFft;

/**
 * The magnitude spectrum of one frame raised to a power: {@code |rfft(frame * window)| ** power}, the per-frame part of
 * {@code librosa.core.spectrum._spectrogram} (and of {@code torchaudio.compliance.kaldi.fbank} without the window).
 *
 * <p>Powers 1 and 2 take their own loops; any other positive power uses {@code (re^2 + im^2) ** (power / 2)}. Computes
 * in double precision with {@link RealFft} (numpy's pocketfft algorithm, any size). Nothing is allocated per frame.
 * The window product and the FFT's radix-4 and radix-2 passes run on SIMD vectors where
 * {@code jdk.incubator.vector} is present (see {@link Kernels}); the results are the same bit for bit.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class Spectrum {
    private final int fftSize;
    private final double[] window;
    private final double power;
    private final double[] buffer;
    private final RealFft fft;
    private final Kernels kernels = Kernels.best();

    /**
     * @param fftSize FFT length in samples ({@code n_fft}), at least 1
     * @param window weights of length {@code fftSize} (already centred), or {@code null} for none; copied
     * @param power exponent applied to the magnitude, positive
     */
    public Spectrum(int fftSize, double[] window, double power) {
        if (fftSize < 1) {
            throw new IllegalArgumentException("n_fft must be >= 1, got " + fftSize);
        }
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be a positive number, got " + power);
        }
        if (window != null && window.length != fftSize) {
            throw new IllegalArgumentException("window has " + window.length + " points, n_fft is " + fftSize);
        }
        this.fftSize = fftSize;
        this.window = window == null ? null : window.clone();
        this.power = power;
        this.buffer = new double[fftSize];
        this.fft = new RealFft(fftSize);
    }

    /** @return the number of frequency bins, {@code 1 + n_fft / 2} */
    public int bins() {
        return fftSize / 2 + 1;
    }

    /** @return the FFT length in samples */
    public int fftSize() {
        return fftSize;
    }

    /**
     * Computes the spectrum of a frame.
     *
     * @param frame at least {@code n} samples, read-only
     * @param n number of samples to use, at most {@code fftSize}; the rest is zero-padded
     * @param out destination of {@link #bins()} values
     */
    public void compute(double[] frame, int n, double[] out) {
        double[] b = buffer;
        double[] w = window;
        if (w == null) {
            System.arraycopy(frame, 0, b, 0, n);
        } else {
            kernels.multiply(frame, w, b, n);
        }
        java.util.Arrays.fill(b, n, fftSize, 0.0);
        b = fft.transform(b); // the packed spectrum, in b or in the FFT's scratch (no copy back)
        // RealFft's halfcomplex layout: b[0] = Re X0, b[2k-1] = Re Xk, b[2k] = Im Xk, b[n-1] = Re X(n/2) for even n
        int size = fftSize;
        if (power == 2.0) {
            kernels.powerSpectrum(b, size, out);
        } else if (power == 1.0) {
            out[0] = Math.abs(b[0]);
            for (int k = 1; 2 * k < size; k++) {
                double re = b[2 * k - 1];
                double im = b[2 * k];
                out[k] = Math.sqrt(re * re + im * im);
            }
            if ((size & 1) == 0) {
                out[size / 2] = Math.abs(b[size - 1]);
            }
        } else {
            double half = power / 2;
            out[0] = Math.pow(b[0] * b[0], half);
            for (int k = 1; 2 * k < size; k++) {
                double re = b[2 * k - 1];
                double im = b[2 * k];
                out[k] = Math.pow(re * re + im * im, half);
            }
            if ((size & 1) == 0) {
                out[size / 2] = Math.pow(b[size - 1] * b[size - 1], half);
            }
        }
    }
}
