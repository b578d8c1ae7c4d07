package dev.audioml.features.stft;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The magnitude spectrum of one frame raised to a power: {@code |rfft(frame * window)| ** power}, the per-frame part of
 * {@code librosa.core.spectrum._spectrogram} (and of {@code torchaudio.compliance.kaldi.fbank} without the window).
 *
 * <p>Powers 1 and 2 take fast paths; any other positive power uses {@code (re^2 + im^2) ** (power / 2)}. Computes in
 * double precision. Power-of-two sizes use JTransforms' real FFT; other sizes AudioML's {@link BluesteinFft} over JTransforms'
 * power-of-two complex FFT, because JTransforms' own mixed-radix plans allocate scratch space on every call.
 * Either way nothing is allocated per frame.
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
    private final DoubleFFT_1D fft;
    private final BluesteinFft bluestein;
    private final double[] binsRe;
    private final double[] binsIm;

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
        boolean powerOfTwo = Integer.bitCount(fftSize) == 1;
        this.fft = powerOfTwo ? new DoubleFFT_1D(fftSize) : null;
        this.bluestein = powerOfTwo ? null : new BluesteinFft(fftSize);
        this.binsRe = powerOfTwo ? null : new double[fftSize / 2 + 1];
        this.binsIm = powerOfTwo ? null : new double[fftSize / 2 + 1];
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
        if (window == null) {
            System.arraycopy(frame, 0, buffer, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                buffer[i] = frame[i] * window[i];
            }
        }
        java.util.Arrays.fill(buffer, n, fftSize, 0.0);
        if (bluestein != null) {
            bluestein.forward(buffer, binsRe, binsIm);
            for (int k = 0; k < binsRe.length; k++) {
                out[k] = magnitude(binsRe[k], binsIm[k]);
            }
            return;
        }
        fft.realForward(buffer);
        // JTransforms' packed layout for even n: a[0] = Re(0), a[1] = Re(n/2), a[2k] = Re(k), a[2k+1] = Im(k)
        int half = fftSize / 2;
        out[0] = magnitude(buffer[0], 0.0);
        for (int k = 1; k < half; k++) {
            out[k] = magnitude(buffer[2 * k], buffer[2 * k + 1]);
        }
        if (fftSize > 1) {
            out[half] = magnitude(buffer[1], 0.0);
        }
    }

    private double magnitude(double re, double im) {
        double sq = re * re + im * im;
        if (power == 2.0) {
            return sq;
        }
        if (power == 1.0) {
            return Math.sqrt(sq);
        }
        return Math.pow(sq, power / 2);
    }
}
