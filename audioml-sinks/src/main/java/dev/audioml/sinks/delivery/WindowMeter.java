package dev.audioml.sinks.delivery;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import java.util.Arrays;
import java.util.Objects;

/**
 * A feature extractor that measures what the model sees: it forwards every window to the wrapped extractor, and on
 * the way records the window's RMS level in dBFS and a copy of the newest feature row (the last frame of a
 * {@code [.., frames, bins]} feature, e.g. the newest mel column). Sinks that show level or a spectrogram (OSC
 * {@code /audioml/level}, the web dashboard) read it when the window's classification reaches them, on the same
 * processing thread.
 *
 * <p>Allocates nothing per window. Not thread-safe: confine to one pipeline thread (the readers are sinks, called on
 * that thread after the window's extraction).
 *
 * @since 0.1
 */
public final class WindowMeter implements FeatureExtractor {

    /** Level reported for digital silence, in dBFS (an RMS of 1e-6). */
    public static final double SILENCE_DBFS = -120.0;

    private final FeatureExtractor delegate;
    private float[] newestRow = new float[0];
    private double levelDbfs = SILENCE_DBFS;
    private long windowEndSample = -1;
    private boolean timeFrequency;

    /** @param delegate the extractor the pipeline would otherwise use */
    public WindowMeter(FeatureExtractor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public int sampleRateHz() {
        return delegate.sampleRateHz();
    }

    @Override
    public int[] outputShape(int windowSamples) {
        int[] shape = delegate.outputShape(windowSamples);
        newestRow = new float[shape[shape.length - 1]];
        return shape;
    }

    @Override
    public void extract(AudioBlock window, FeatureFrame out) {
        levelDbfs = rmsDbfs(window.samples(), window.length());
        windowEndSample = window.endSample();
        delegate.extract(window, out);
        int bins = out.bins();
        timeFrequency = out.frames() > 1;
        if (newestRow.length != bins) {
            newestRow = new float[bins]; // only if outputShape was not asked first
        }
        System.arraycopy(out.data(), out.data().length - bins, newestRow, 0, bins);
    }

    @Override
    public void reset() {
        delegate.reset();
        levelDbfs = SILENCE_DBFS;
        windowEndSample = -1;
        Arrays.fill(newestRow, 0f);
    }

    /** Closes the wrapped extractor. */
    @Override
    public void close() {
        delegate.close();
    }

    /** @return the RMS level of the last window in dBFS (full scale 1.0 = 0 dB), at least {@link #SILENCE_DBFS} */
    public double levelDbfs() {
        return levelDbfs;
    }

    /** @return one past the last sample of the last window measured, or -1 before the first */
    public long windowEndSample() {
        return windowEndSample;
    }

    /**
     * @return the last window's newest feature row, {@code bins} values; a view valid until the next window (copy it
     *     to keep it)
     */
    public float[] newestRow() {
        return newestRow;
    }

    /**
     * @return true if the last window's feature has several frames of bins (a spectrogram-like {@code [.., frames,
     *     bins]} feature, whose newest row is a spectrum column); false for raw audio ({@code [1, W]}) or a vector
     */
    public boolean isTimeFrequency() {
        return timeFrequency;
    }

    /**
     * @param samples audio in [-1, 1]
     * @param length how many samples from index 0
     * @return {@code 20·log10(rms)}, at least {@link #SILENCE_DBFS}; {@link #SILENCE_DBFS} for no samples
     */
    public static double rmsDbfs(float[] samples, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        if (length == 0 || sum == 0) {
            return SILENCE_DBFS;
        }
        return Math.max(SILENCE_DBFS, 10 * Math.log10(sum / length));
    }

    @Override
    public String toString() {
        return "WindowMeter[" + delegate + "]";
    }
}
