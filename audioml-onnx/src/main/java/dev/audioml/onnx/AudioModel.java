package dev.audioml.onnx;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import java.util.List;

/**
 * Everything a pipeline needs from a model: its sample rate, window, labels, and a feature extractor and classifier per
 * stream. {@link OnnxModel} is one (configured by model metadata); a {@link ModelResolver} may supply others, such as
 * pretrained presets with recurrent state.
 *
 * <p>Thread-safe: {@code newExtractor}/{@code newClassifier} may be called from any thread; what they return is
 * confined to one stream and owned by the caller.
 *
 * @since 0.1
 */
public interface AudioModel extends AutoCloseable {

    /** @return the rate the model's windows are taken at, in Hz */
    int sampleRateHz();

    /** @return the window length in samples at {@link #sampleRateHz()} */
    int windowSamples();

    /**
     * The hop the model was made for: how far consecutive windows start apart when a file or stream is scored. A
     * trained model declares it ({@code audioml.hop_seconds}); otherwise it is the window.
     *
     * @return the hop in samples at {@link #sampleRateHz()}, in [1, {@link #windowSamples()}] for most models
     * @since 0.1
     */
    default int hopSamples() {
        return windowSamples();
    }

    /** @return the labels in model order */
    List<String> labels();

    /** @return a new extractor for one stream */
    FeatureExtractor newExtractor();

    /** @return a new classifier for one stream; the caller closes it */
    Classifier newClassifier();

    /**
     * Whether the model carries state from one window to the next and so must see back-to-back windows (hop equal to
     * the window), like a recurrent VAD.
     *
     * @return true when the hop must equal the window
     */
    default boolean isStateful() {
        return false;
    }

    /** Releases what the model holds (sessions, files). Idempotent. */
    @Override
    void close();
}
