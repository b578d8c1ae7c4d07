package dev.audioml.onnx;

import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.pipeline.Pipeline;
import java.util.Objects;

/**
 * How a whole file is scored so that the scores equal the model's reference scorer: zeros padded before and after
 * the audio, and what happens to the last partial window. Spans are reported in the file's own time (see
 * {@link Pipeline.Builder#padding}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param padBeforeSamples zeros before the file, at the model's rate, at least 0
 * @param padAfterSamples zeros after the file, at the model's rate, at least 0
 * @param lastWindow the last-window rule on the padded stream
 * @param reference the reference scorer followed, for messages and docs (e.g. {@code "openwakeword predict_clip"})
 * @since 0.1
 */
public record FileScoring(int padBeforeSamples, int padAfterSamples, LastWindow lastWindow, String reference) {
    /** The stream as it is: no padding, the last partial window zero-padded (the pipeline's default). */
    public static final FileScoring STREAM = new FileScoring(0, 0, LastWindow.ZERO_PAD, "stream");

    /** Checks the values. */
    public FileScoring {
        if (padBeforeSamples < 0 || padAfterSamples < 0) {
            throw new IllegalArgumentException("padding must be >= 0 samples, got " + padBeforeSamples + " and "
                    + padAfterSamples);
        }
        Objects.requireNonNull(lastWindow, "lastWindow");
        Objects.requireNonNull(reference, "reference");
    }

    /**
     * Sets the padding and last-window rule on a pipeline builder.
     *
     * @param builder the builder
     * @return the same builder
     */
    public Pipeline.Builder applyTo(Pipeline.Builder builder) {
        return builder.padding(padBeforeSamples, padAfterSamples).lastWindow(lastWindow);
    }
}
