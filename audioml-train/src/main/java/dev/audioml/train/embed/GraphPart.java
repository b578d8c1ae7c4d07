package dev.audioml.train.embed;

import java.util.Map;

/**
 * What a backbone wrote into an ONNX graph (see {@link Backbone#toGraph}): the feature spec of the graph input it
 * added, and the name of the tensor holding the pooled embedding, shape {@code [N, D]}.
 *
 * @param inputFeatures the spec of the graph input (a standard feature such as {@code melspectrogram}, or raw audio),
 *     written into the model's {@code audioml.features}
 * @param output the pooled embedding tensor's name
 * @param metadata {@code metadata_props} the model must carry because of this backbone (e.g. its license)
 * @since 0.1
 */
public record GraphPart(Map<String, Object> inputFeatures, String output, Map<String, String> metadata) {
    /** Copies the maps. */
    public GraphPart {
        inputFeatures = Map.copyOf(inputFeatures);
        metadata = Map.copyOf(metadata);
    }
}
