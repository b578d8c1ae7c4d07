package dev.audioml.train.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.GraphPart;
import dev.audioml.train.head.Head;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a trained model as ONE self-contained ONNX graph (opset 17) that carries its own labels, input feature
 * spec, window, hop and level gate in {@code metadata_props}, so that {@code OnnxModel.open(model.onnx)} configures a
 * whole pipeline with {@code audioml-onnx} alone, and Python's onnxruntime runs it too. The graph is the backbone
 * and pooling ({@link Backbone#toGraph}, e.g. {@code melspectrogram [N, T, n_mels] → … → pooled [N, D]}), then the
 * head: {@code Sub(mean) → Div(std) → [MatMul → Add → Relu] → MatMul → Add → Softmax → probabilities [N, K]};
 * {@code audioml.output} is {@code scores}. A backbone that cannot be written as a graph leaves the head's input
 * {@code embedding [N, D]}, described by the backbone's own feature spec (which needs {@code audioml-train} at run
 * time).
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class HeadExport {
    /** Name of the graph input when the backbone is not part of the graph. */
    public static final String INPUT = "embedding";
    /** Name of the graph output. */
    public static final String OUTPUT = "probabilities";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadExport() {
    }

    /**
     * How a model frames and gates audio: written as {@code audioml.window_seconds}, {@code audioml.hop_seconds}
     * and {@code audioml.gate_db}.
     *
     * @param windowSeconds analysis window in seconds
     * @param hopSeconds hop between windows in seconds
     * @param gateDb windows whose level is more than this many dB below a clip's loudest window are not scored;
     *     {@code null} for no gate
     */
    public record Framing(double windowSeconds, double hopSeconds, Double gateDb) {
    }

    /**
     * An exported model.
     *
     * @param bytes the serialized {@code ModelProto}
     * @param featureSpec the spec of the graph input, as written into {@code audioml.features}
     */
    public record Exported(byte[] bytes, Map<String, Object> featureSpec) {
    }

    /**
     * Builds the model.
     *
     * @param head the trained head
     * @param labels class names, one per head output
     * @param backbone the backbone the head was trained on
     * @param pooling the pooling of {@code backbone} the head takes
     * @param framing window, hop and gate
     * @param extraMetadata more {@code metadata_props} (e.g. training provenance), may be empty
     * @return the serialized model and its input feature spec
     */
    public static Exported export(Head head, List<String> labels, Backbone backbone, String pooling, Framing framing,
            Map<String, String> extraMetadata) {
        if (labels.size() != head.classes()) {
            throw new IllegalArgumentException("head has " + head.classes() + " outputs but " + labels.size()
                    + " labels were given");
        }
        int d = head.inputs();
        int h = head.hidden();
        int k = head.classes();
        int a = h > 0 ? h : d;
        OnnxModelBuilder b = OnnxModelBuilder.create("audioml_model").producer("audioml-train", "0.1");
        Optional<GraphPart> part = backbone.toGraph(b, pooling);
        String embedding = part.map(GraphPart::output).orElse(INPUT);
        Map<String, Object> featureSpec = part.map(GraphPart::inputFeatures).orElseGet(() -> backbone.featureSpec(pooling));
        if (part.isEmpty()) {
            b.input(ValueInfo.of(INPUT, ElementType.FLOAT, -1, d));
        }
        b.initializer("mean", head.mean(), d)
                .initializer("std", head.std(), d)
                .node("Sub", List.of(embedding, "mean"), List.of("centred"))
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
                    .metadata("audioml.window_seconds", Double.toString(framing.windowSeconds()))
                    .metadata("audioml.hop_seconds", Double.toString(framing.hopSeconds()))
                    .metadata("audioml.output", "scores");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels or feature spec cannot be written as JSON", e);
        }
        if (framing.gateDb() != null) {
            b.metadata("audioml.gate_db", Double.toString(framing.gateDb()));
        }
        part.ifPresent(x -> x.metadata().forEach(b::metadata));
        extraMetadata.forEach(b::metadata);
        return new Exported(b.toByteArray(), featureSpec);
    }

    /**
     * Writes the model file (see {@link #export}).
     *
     * @param file where to write
     * @param head the trained head
     * @param labels class names
     * @param backbone the backbone the head was trained on
     * @param pooling its pooling
     * @param framing window, hop and gate
     * @param extraMetadata more {@code metadata_props}
     */
    public static void write(Path file, Head head, List<String> labels, Backbone backbone, String pooling,
            Framing framing, Map<String, String> extraMetadata) {
        try {
            java.nio.file.Files.write(file, export(head, labels, backbone, pooling, framing, extraMetadata).bytes());
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
