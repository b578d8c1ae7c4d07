package dev.audioml.features;

/**
 * Turns one frame of samples (as {@link dev.audioml.features.stft.StftFramer} cuts it) into one row of features.
 *
 * <p>Implementations allocate nothing in {@link #compute}. Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public interface FrameFeature {

    /** @return the number of values {@link #compute} writes */
    int bins();

    /**
     * Computes one row.
     *
     * @param frame the frame's samples, read-only, valid only during the call
     * @param leftPadSamples how many leading samples are padding before the clip (for edge-padded descriptors)
     * @param rightPadSamples how many trailing samples are padding after the clip
     * @param row destination of {@link #bins()} values
     */
    void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row);
}
