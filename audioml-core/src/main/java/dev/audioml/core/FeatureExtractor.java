package dev.audioml.core;

/**
 * Turns one analysis window of audio into a feature tensor. Implementations may keep state between consecutive
 * windows of one stream (for example reusing STFT frames shared by overlapping windows); {@link #reset()} forgets it.
 *
 * <p>Computing a window's features must give the same values whether windows arrive one by one (live) or back to
 * back from a file (batch).
 *
 * <p>Not thread-safe: confine to one pipeline thread; create one extractor per stream.
 *
 * <p><b>Ownership.</b> An extractor may hold native resources (an embedding backbone's ONNX sessions): whoever creates
 * it closes it ({@link dev.audioml.core.pipeline.Pipeline} closes the extractor it was given unless borrowed).
 *
 * @since 0.1
 */
public interface FeatureExtractor extends AutoCloseable {

    /**
     * The sample rate this extractor expects. The pipeline resamples its source to this rate.
     *
     * @return the input rate in Hz
     */
    int sampleRateHz();

    /**
     * The shape of the tensor {@link #extract} writes for a window of {@code windowSamples} samples.
     *
     * @param windowSamples window length in samples at {@link #sampleRateHz()}, at least 1
     * @return the output shape, e.g. {@code [frames, bins]}
     * @throws IllegalArgumentException if the window is too short for this extractor
     */
    int[] outputShape(int windowSamples);

    /**
     * Computes the features of {@code window} into {@code out}, which has the shape {@link #outputShape} gave for
     * {@code window.length()}. Allocates nothing after the first call.
     *
     * @param window the audio window; read-only, not retained
     * @param out caller-owned destination; its span is set by the caller
     */
    void extract(AudioBlock window, FeatureFrame out);

    /** Forgets any state carried between windows, ready for a new stream. */
    default void reset() {
    }

    /**
     * Releases what this extractor holds (nothing by default). Idempotent; the extractor is unusable afterwards.
     */
    @Override
    default void close() {
    }
}
