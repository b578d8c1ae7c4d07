package dev.audioml.core;

/**
 * The feature extractor of raw-audio models: the window's samples unchanged, shape {@code [1, windowSamples]}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class IdentityExtractor implements FeatureExtractor {
    private final int sampleRateHz;

    /** @param sampleRateHz the rate the model expects, in Hz */
    public IdentityExtractor(int sampleRateHz) {
        if (sampleRateHz < 1) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
        }
        this.sampleRateHz = sampleRateHz;
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int[] outputShape(int windowSamples) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples must be >= 1, got " + windowSamples);
        }
        return new int[] {1, windowSamples};
    }

    @Override
    public void extract(AudioBlock window, FeatureFrame out) {
        if (out.data().length != window.length()) {
            throw new IllegalArgumentException("window has " + window.length() + " samples but the frame holds " + out.data().length);
        }
        System.arraycopy(window.samples(), 0, out.data(), 0, window.length());
    }
}
