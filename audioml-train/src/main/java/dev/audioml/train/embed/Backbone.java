package dev.audioml.train.embed;

import dev.audioml.onnx.write.OnnxModelBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one fixed-length audio window into a fixed-length embedding vector, the input of a trained head. A backbone
 * computes one <em>full</em> vector per window holding every statistic it offers; a <em>pooling</em> selects the
 * columns a head uses (for example the mean only, or mean and max), so comparing poolings costs no extra extraction.
 *
 * <p>Implementations are thread-safe unless they say otherwise.
 *
 * @since 0.1
 */
public interface Backbone extends AutoCloseable {

    /** @return the name users pick it by, e.g. {@code logmel-stats} */
    String name();

    /** @return the rate in Hz windows must be sampled at */
    int sampleRateHz();

    /** @return the window length in samples at {@link #sampleRateHz()} */
    int windowSamples();

    /** @return the length of the full vector {@link #embed} returns */
    int dimension();

    /** @return the poolings offered, the default first */
    List<String> poolings();

    /**
     * @param pooling one of {@link #poolings()}
     * @return the columns of the full vector that pooling keeps, ascending
     * @throws IllegalArgumentException for an unknown pooling, naming the known ones
     */
    int[] columns(String pooling);

    /**
     * Embeds one window.
     *
     * @param window {@link #windowSamples()} mono samples in [-1, 1] at {@link #sampleRateHz()}; read-only
     * @return a new full vector of {@link #dimension()} values
     */
    float[] embed(float[] window);

    /**
     * The feature spec that recomputes the pooled embedding from a window at inference time (a feature registered by
     * this module's {@link EmbeddingFeatureProvider}), written into an exported model's {@code audioml.features}.
     *
     * @param pooling one of {@link #poolings()}
     * @return a spec such as {@code {"feature": "logmel_stats", "sr": 16000, ..., "pooling": "mean_std"}}
     */
    Map<String, Object> featureSpec(String pooling);

    /**
     * Writes this backbone and a pooling as ONNX nodes into {@code graph} (adding the graph input), so that a trained
     * model is one self-contained graph whose input is a standard feature or raw audio. A backbone that cannot be
     * written returns empty, and the model's input is then {@link #featureSpec} (which needs this module at run time).
     *
     * @param graph the graph being built (opset 17)
     * @param pooling one of {@link #poolings()}
     * @return the input's feature spec and the pooled embedding tensor {@code [N, D]}, D = {@code columns(pooling)}
     *     long, or empty
     */
    default Optional<GraphPart> toGraph(OnnxModelBuilder graph, String pooling) {
        return Optional.empty();
    }

    /** @return a string that changes whenever the embedding of the same audio would change (for the cache key) */
    String identity();

    /** Releases native resources; idempotent. */
    @Override
    void close();
}
