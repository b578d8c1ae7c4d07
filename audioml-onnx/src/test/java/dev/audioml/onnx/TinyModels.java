package dev.audioml.onnx;

import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny ONNX models written in code for plumbing tests. */
final class TinyModels {
    private TinyModels() {
    }

    /**
     * A linear classifier {@code x[batch, inputs] @ W[inputs, classes] + b} with seeded weights, softmax optional.
     *
     * @param inputs input width (dynamic batch axis)
     * @param classes number of outputs
     * @param softmax whether the graph ends in Softmax (else raw logits)
     * @param seed weight seed
     * @return a builder, so tests can add metadata
     */
    static OnnxModelBuilder linear(int inputs, int classes, boolean softmax, long seed) {
        OnnxModelBuilder b = OnnxModelBuilder.create("linear")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, inputs))
                .initializer("W", weights(inputs * classes, seed), inputs, classes)
                .initializer("b", weights(classes, seed + 1), classes)
                .node("MatMul", List.of("x", "W"), List.of("xw"))
                .node("Add", List.of("xw", "b"), List.of("logits"));
        if (softmax) {
            b.node("Softmax", List.of("logits"), List.of("probs"), Attribute.of("axis", -1L))
                    .output(ValueInfo.of("probs", ElementType.FLOAT, -1, classes));
        } else {
            b.output(ValueInfo.of("logits", ElementType.FLOAT, -1, classes));
        }
        return b;
    }

    /**
     * A model that flattens its input: output {@code [batch, product of the other axes]}.
     *
     * @param inputShape declared input shape (negative = dynamic)
     * @param outputs the flattened size
     * @return the builder
     */
    static OnnxModelBuilder flatten(long[] inputShape, int outputs) {
        return OnnxModelBuilder.create("flatten")
                .input(ValueInfo.of("x", ElementType.FLOAT, inputShape))
                .node("Flatten", List.of("x"), List.of("y"), Attribute.of("axis", 1L))
                .output(ValueInfo.of("y", ElementType.FLOAT, inputShape[0], outputs));
    }

    /**
     * @param count how many
     * @param seed seed
     * @return uniform values in [-1, 1)
     */
    static float[] weights(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            w[i] = (float) (2 * r.nextDouble() - 1);
        }
        return w;
    }

    /** @return {@code n} labels named {@code c0, c1, ...} */
    static List<String> labels(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }

    /** @return the labels as a JSON array string */
    static String labelsJson(List<String> labels) {
        return labels.stream().map(l -> "\"" + l + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
