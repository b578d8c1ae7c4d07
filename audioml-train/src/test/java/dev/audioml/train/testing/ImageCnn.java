package dev.audioml.train.testing;

import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** A small random image "CNN" with no {@code audioml.*} metadata, as a user might export one. */
public final class ImageCnn {
    /** The internal tensor to cut at: the ReLU of a projection of the row means, {@code [1, units]}. */
    public static final String EMBEDDING = "embedding";
    /** Classes of its own (ImageNet-style) head, which training cuts off. */
    public static final int CLASSES = 1000;

    private ImageCnn() {
    }

    /**
     * Writes {@code image [N, 3, rows, cols] → ReduceMean over cols → Flatten → MatMul → Relu ("embedding") → MatMul →
     * logits [N, 1000]} with seeded Gaussian weights.
     *
     * @param file where to write
     * @param rows image height (mel bands)
     * @param cols image width (columns)
     * @param units embedding length
     * @return {@code file}
     */
    public static Path write(Path file, int rows, int cols, int units) throws IOException {
        Random r = new Random(3);
        float[] w1 = gaussian(r, 3 * rows * units);
        float[] w2 = gaussian(r, units * CLASSES);
        OnnxModelBuilder.create("image_cnn")
                .input(ValueInfo.of("image", ElementType.FLOAT, -1, 3, rows, cols))
                .node("ReduceMean", List.of("image"), List.of("rows"), Attribute.ints("axes", 3),
                        Attribute.of("keepdims", 0L))
                .node("Flatten", List.of("rows"), List.of("flat"), Attribute.of("axis", 1L))
                .initializer("W1", w1, 3 * rows, units)
                .node("MatMul", List.of("flat", "W1"), List.of("projected"))
                .node("Relu", List.of("projected"), List.of(EMBEDDING))
                .initializer("W2", w2, units, CLASSES)
                .node("MatMul", List.of(EMBEDDING, "W2"), List.of("logits"))
                .output(ValueInfo.of("logits", ElementType.FLOAT, -1, CLASSES))
                .write(file);
        return file;
    }

    private static float[] gaussian(Random r, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }
}
