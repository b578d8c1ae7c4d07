package dev.audioml.onnx;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.post.EventDetector;
import dev.audioml.core.post.EventRules;
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

    /**
     * How a whole file is scored to equal the model's reference scorer (padding, last window). Streams (microphone,
     * {@code live}) are never padded.
     *
     * @return the file scoring; by default {@link FileScoring#STREAM} (no padding, last window zero-padded)
     * @since 0.1
     */
    default FileScoring fileScoring() {
        return FileScoring.STREAM;
    }

    /**
     * The events step this model's events follow unless the user says otherwise: {@link EventRules} (threshold,
     * patience, debounce, ...) tuned for the model, or the model's own reference segmenter.
     *
     * @return the default events step; by default {@link EventRules#DEFAULT} (score at least 0.5)
     * @since 0.1
     */
    default EventDetector defaultEvents() {
        return EventRules.DEFAULT;
    }

    /** Releases what the model holds (sessions, files). Idempotent. */
    @Override
    void close();
}
