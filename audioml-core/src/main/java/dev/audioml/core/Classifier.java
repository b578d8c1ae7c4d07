package dev.audioml.core;

import java.util.List;

/**
 * Scores one window's features against a fixed list of labels.
 *
 * <p>Stateful classifiers (recurrent models such as a VAD) keep per-stream state and forget it on {@link #reset()}.
 * Implementations that hold native memory release it in {@link #close()}.
 *
 * <p>Not thread-safe unless the implementation says otherwise: use one instance per stream.
 *
 * @since 0.1
 */
public interface Classifier extends AutoCloseable {

    /** @return the labels in model order; {@link #classify} writes one score per label in this order */
    List<String> labels();

    /**
     * Scores {@code features} into {@code scores}.
     *
     * @param features the window's features; read-only, not retained
     * @param scores caller-owned destination of length {@code labels().size()}; probabilities in [0, 1] unless the
     *     classifier documents raw scores
     */
    void classify(FeatureFrame features, float[] scores);

    /** Forgets per-stream state, ready for a new stream. */
    default void reset() {
    }

    /** Releases native resources. Idempotent. */
    @Override
    default void close() {
    }
}
