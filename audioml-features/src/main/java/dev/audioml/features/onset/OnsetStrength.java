package dev.audioml.features.onset;

/**
 * The part of {@code librosa.onset.onset_strength} (librosa 0.11, {@code onset_strength_multi}) after the dB mel
 * spectrogram, one frame at a time: {@code ref} is the spectrum maximum-filtered across frequency
 * ({@code scipy.ndimage.maximum_filter1d(S, max_size, axis=-2)}, mode reflect; {@code ref = S} for
 * {@code max_size=1}); frame {@code t} gives {@code mean_f max(0, S[f, t] - ref[f, t - lag])}; the envelope is
 * delayed by {@code lag} frames (plus {@code n_fft // (2 * hop_length)} with {@code center=True}, librosa's padding
 * that aligns it with the centred frames), zeros first, optionally detrended by
 * {@code scipy.signal.lfilter([1, -1], [1, -0.99])}. Output has one value per input frame, equal to librosa's
 * (which truncates the padded envelope to the number of frames).
 *
 * <p>Causal: frame {@code t}'s value is emitted with frame {@code t}. Allocates nothing per frame. Not thread-safe:
 * confine to one pipeline thread.
 *
 * @since 0.2
 */
public final class OnsetStrength {
    private final int bins;
    private final int lag;
    private final int maxSize;
    private final boolean detrend;
    /** ref rows of the last {@code lag} frames, ring. */
    private final double[][] refs;
    /** envelope values waiting out the centring delay, ring of {@code delay + 1}. */
    private final double[] delayed;
    private final int delay;
    private long frame;
    private double lastIn;
    private double lastOut;

    /**
     * @param bins values per input row ({@code n_mels})
     * @param lag frames between the compared spectra ({@code lag}, 1), at least 1
     * @param maxSize width of the frequency maximum filter in bins ({@code max_size}, 1), at least 1
     * @param delayFrames {@code n_fft // (2 * hop_length)} with {@code center=True}, else 0
     * @param detrend {@code detrend}: remove the DC with {@code lfilter([1, -1], [1, -0.99])}
     */
    public OnsetStrength(int bins, int lag, int maxSize, int delayFrames, boolean detrend) {
        if (lag < 1) {
            throw new IllegalArgumentException("lag must be >= 1, got " + lag);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("max_size must be >= 1, got " + maxSize);
        }
        if (delayFrames < 0) {
            throw new IllegalArgumentException("delayFrames must be >= 0, got " + delayFrames);
        }
        this.bins = bins;
        this.lag = lag;
        this.maxSize = maxSize;
        this.detrend = detrend;
        this.refs = new double[lag][bins];
        this.delay = delayFrames;
        this.delayed = new double[delayFrames + 1];
    }

    /**
     * Takes the next frame's dB spectrum and returns the envelope value of this output frame.
     *
     * @param spectrum {@code bins} values, read-only
     * @return the onset strength of the frame
     */
    public double next(double[] spectrum) {
        int slot = (int) (frame % lag);
        double d = 0;
        if (frame >= lag) {
            double[] old = refs[slot];
            double sum = 0;
            for (int f = 0; f < bins; f++) {
                sum += Math.max(0.0, spectrum[f] - old[f]);
            }
            d = sum / bins;
        }
        maxFilter(spectrum, refs[slot]);
        int ring = delayed.length;
        delayed[(int) (frame % ring)] = d;
        double out = frame >= delay ? delayed[(int) ((frame - delay) % ring)] : 0.0;
        frame++;
        if (detrend) {
            double y = out - lastIn + 0.99 * lastOut;
            lastIn = out;
            lastOut = y;
            out = y;
        }
        return out;
    }

    /** {@code scipy.ndimage.maximum_filter1d(x, maxSize, mode="reflect", origin=0)}. */
    private void maxFilter(double[] x, double[] out) {
        if (maxSize == 1) {
            System.arraycopy(x, 0, out, 0, bins);
            return;
        }
        int left = maxSize / 2;
        int right = maxSize - 1 - left;
        for (int i = 0; i < bins; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = i - left; j <= i + right; j++) {
                m = Math.max(m, x[reflect(j)]);
            }
            out[i] = m;
        }
    }

    /** scipy's "reflect" (d c b a | a b c d | d c b a). */
    private int reflect(int j) {
        int period = 2 * bins;
        int r = Math.floorMod(j, period);
        return r < bins ? r : period - 1 - r;
    }

    /** Forgets the stream. */
    public void reset() {
        frame = 0;
        lastIn = 0;
        lastOut = 0;
    }
}
