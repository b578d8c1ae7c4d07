package dev.audioml.core.resample;

/**
 * Circular convolution of a real block with a fixed real filter by a power-of-two real FFT, as libsoxr's
 * {@code dft_stage_fn} convolves with {@code rdft_forward}/{@code rdft_convolve}/{@code rdft_backward}: in double
 * ({@link RealFftConvolver}, for libsoxr's double-precision engine {@code cr64s}, {@code VHQ}) or in single precision
 * ({@link FloatFftConvolver}, as libsoxr's {@code cr32s} runs its FFT, PFFFT, in float). Samples go in and come out as
 * float either way (the stages' streams are float, as libsoxr's output is). The spectrum (bins 0 .. n/2) stays inside, between {@link #forward} and {@link #inverse}; the
 * operations a {@link SoxrResampler} DFT stage needs on it are methods here, so a stage is written once for both.
 *
 * <p>Not thread-safe: confine to one thread.
 */
abstract class DftConvolver {
    /**
     * @param h the filter taps, at most {@code n}
     * @param n the block length, a power of two, at least 4
     * @param dbl double precision ({@code cr64s}) rather than single ({@code cr32s})
     */
    static DftConvolver of(double[] h, int n, boolean dbl) {
        return dbl ? new RealFftConvolver(h, n) : new FloatFftConvolver(h, n);
    }

    /** @return the block length */
    abstract int size();

    /** The spectrum X[k], k in [0, n/2], of the real block {@code x[off, off + n)}, kept inside. */
    abstract void forward(float[] x, int off);

    /** The real block whose spectrum is the one kept inside, into {@code x[off, off + n)}. */
    abstract void inverse(float[] x, int off);

    /**
     * Samples {@code from + i stride}, {@code i < count}, of the real block whose spectrum is the one kept inside, into
     * {@code out[outOff + i]}: the same values as {@link #inverse} gives them, without the block's other samples.
     */
    abstract void inverseInto(float[] out, int outOff, int from, int count, int stride);

    /**
     * {@link #multiplyByFilter} then {@link #inverseInto} (the spectrum kept inside is left unspecified), in fewer
     * passes where the implementation can.
     */
    void multiplyAndInverseInto(float[] out, int outOff, int from, int count, int stride) {
        multiplyByFilter();
        inverseInto(out, outOff, from, count, stride);
    }

    /**
     * {@link #multiplyByFilter} then {@link #lowBinsInto} (this spectrum is left unspecified), forming only the
     * products {@code small} receives where the implementation can.
     */
    void multiplyLowBinsInto(DftConvolver small, double scale) {
        multiplyByFilter();
        lowBinsInto(small, scale);
    }

    /** Multiplies the spectrum kept inside by the filter's. */
    abstract void multiplyByFilter();

    /**
     * Sets this spectrum to that of {@code small}'s block zero-stuffed by {@code size() / small.size()}: its bins
     * repeated (libsoxr's power-of-two up-sampling in the frequency domain). {@code small} has this one's precision.
     */
    abstract void repeatSpectrumOf(DftConvolver small);

    /**
     * Writes this spectrum's lowest {@code small.size() / 2} bins, times {@code scale}, as {@code small}'s spectrum, with
     * this one's Nyquist bin in its Nyquist slot (libsoxr's F-domain decimation, {@code rdft_convolve_portion}).
     */
    abstract void lowBinsInto(DftConvolver small, double scale);

    /** Replaces {@code data[offset, offset + n)} by its circular convolution with the filter. */
    final void convolve(float[] data, int offset) {
        forward(data, offset);
        multiplyByFilter();
        inverse(data, offset);
    }
}
