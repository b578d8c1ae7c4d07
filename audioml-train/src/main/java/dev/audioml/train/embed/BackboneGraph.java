package dev.audioml.train.embed;

import dev.audioml.onnx.write.ValueInfo;
import java.util.Map;
import java.util.Objects;

/**
 * A backbone and one of its poolings written as one self-contained ONNX model: window in, pooled embedding
 * {@code [N, dimension]} out, computing what {@link Backbone#embed} followed by {@link Backbone#columns} computes. An
 * export appends a head to it with {@link dev.audioml.onnx.write.OnnxModelBuilder#include}:
 *
 * <pre>{@code
 * BackboneGraph g = backbone.toOnnx("mean_max");
 * byte[] model = OnnxModelBuilder.create("audioml_model")
 *     .input(g.input())
 *     .include(g.model(), "backbone/", Map.of(g.input().name(), g.input().name()), Map.of(g.output(), "embedding"))
 *     .include(headBytes, "head/", Map.of("embedding", "embedding"), Map.of("probabilities", "probabilities"))
 *     .output(ValueInfo.of("probabilities", ElementType.FLOAT, -1, classes))
 *     .metadata("audioml.features", json(g.inputFeatures()))   // plus labels, window, output mode
 *     ...                                                      // and g.metadata() (the weights' license)
 *     .toByteArray();
 * }</pre>
 *
 * <p>Immutable and thread-safe ({@link #model()} returns a copy).
 *
 * @param model the serialized {@code ModelProto}; copied
 * @param input the model's only input: name, element type and shape (e.g. {@code audio [-1, 16000]} float32)
 * @param output name of the model's output, shape {@code [N, dimension]} float32
 * @param dimension length of the pooled embedding
 * @param inputFeatures the feature spec whose frames the input takes, for {@code audioml.features} of a model built
 *     on it (e.g. {@code {"feature": "raw", "sr": 16000}}); copied
 * @param metadata {@code metadata_props} a model built on it must carry too (e.g. the weights' license); copied
 * @since 0.1
 */
public record BackboneGraph(byte[] model, ValueInfo input, String output, int dimension,
        Map<String, Object> inputFeatures, Map<String, String> metadata) {

    /** Validates and copies. */
    public BackboneGraph {
        model = model.clone();
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        inputFeatures = Map.copyOf(inputFeatures);
        metadata = Map.copyOf(metadata);
    }

    @Override
    public byte[] model() {
        return model.clone();
    }
}
