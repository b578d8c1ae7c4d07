package dev.audioml.train.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import dev.audioml.train.head.Head;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link Head} as one ONNX model that carries its own labels, feature spec, window and output type
 * in {@code metadata_props}, so that {@code OnnxModel.open(model.onnx)} configures a whole pipeline. The graph is
 * {@code embedding [N, D] → Sub(mean) → Div(std) → [MatMul → Add → Relu] → MatMul → Add → Softmax → probabilities
 * [N, K]} (opset 17), and {@code audioml.output} is {@code scores} (the graph already ends in softmax).
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class HeadExport {
    /** Name of the graph input. */
    public static final String INPUT = "embedding";
    /** Name of the graph output. */
    public static final String OUTPUT = "probabilities";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadExport() {
    }

    /**
     * Builds the model bytes.
     *
     * @param head the trained head
     * @param labels class names, one per head output
     * @param featureSpec the spec that turns a window into the head's input (see
     *     {@link dev.audioml.train.embed.Backbone#featureSpec})
     * @param windowSeconds analysis window in seconds
     * @param extraMetadata more {@code metadata_props} (e.g. training provenance), may be empty
     * @return the serialized {@code ModelProto}
     */
    public static byte[] toBytes(Head head, List<String> labels, Map<String, Object> featureSpec, double windowSeconds,
            Map<String, String> extraMetadata) {
        if (labels.size() != head.classes()) {
            throw new IllegalArgumentException("head has " + head.classes() + " outputs but " + labels.size()
                    + " labels were given");
        }
        int d = head.inputs();
        int h = head.hidden();
        int k = head.classes();
        int a = h > 0 ? h : d;
        OnnxModelBuilder b = OnnxModelBuilder.create("audioml_head")
                .producer("audioml-train", "0.1")
                .input(ValueInfo.of(INPUT, ElementType.FLOAT, -1, d))
                .initializer("mean", head.mean(), d)
                .initializer("std", head.std(), d)
                .node("Sub", List.of(INPUT, "mean"), List.of("centred"))
                .node("Div", List.of("centred", "std"), List.of("standardized"));
        String in = "standardized";
        if (h > 0) {
            b.initializer("W1", transpose(head.hiddenWeights(), h, d), d, h)
                    .initializer("b1", head.hiddenBias(), h)
                    .node("MatMul", List.of(in, "W1"), List.of("hidden_mm"))
                    .node("Add", List.of("hidden_mm", "b1"), List.of("hidden_pre"))
                    .node("Relu", List.of("hidden_pre"), List.of("hidden"));
            in = "hidden";
        }
        b.initializer("W2", transpose(head.outputWeights(), k, a), a, k)
                .initializer("b2", head.outputBias(), k)
                .node("MatMul", List.of(in, "W2"), List.of("logits_mm"))
                .node("Add", List.of("logits_mm", "b2"), List.of("logits"))
                .node("Softmax", List.of("logits"), List.of(OUTPUT), Attribute.of("axis", -1L))
                .output(ValueInfo.of(OUTPUT, ElementType.FLOAT, -1, k));
        try {
            b.metadata("audioml.labels", JSON.writeValueAsString(labels))
                    .metadata("audioml.features", JSON.writeValueAsString(featureSpec))
                    .metadata("audioml.window_seconds", Double.toString(windowSeconds))
                    .metadata("audioml.output", "scores");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels or feature spec cannot be written as JSON", e);
        }
        extraMetadata.forEach(b::metadata);
        return b.toByteArray();
    }

    /**
     * Writes the model file (see {@link #toBytes}).
     *
     * @param file where to write
     * @param head the trained head
     * @param labels class names
     * @param featureSpec the input feature spec
     * @param windowSeconds window in seconds
     * @param extraMetadata more {@code metadata_props}
     */
    public static void write(Path file, Head head, List<String> labels, Map<String, Object> featureSpec,
            double windowSeconds, Map<String, String> extraMetadata) {
        try {
            java.nio.file.Files.write(file, toBytes(head, labels, featureSpec, windowSeconds, extraMetadata));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + file, e);
        }
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
