package dev.audioml.bench;

import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs shared by the benchmarks: seeded uniform noise and a small generated log-mel classifier.
 *
 * <p>Immutable and thread-safe (stateless).
 *
 * @since 0.1
 */
public final class BenchInputs {
    /** Seed of every noise signal, so runs see the same numbers. */
    public static final long SEED = 42;
    /** Frames of the generated classifier's input (1.0 s of 10 ms hops, librosa {@code center=true}). */
    public static final int CLASSIFIER_FRAMES = 101;
    /** Mel bands of the generated classifier's input. */
    public static final int CLASSIFIER_BANDS = 64;
    /** Hidden units of the generated classifier. */
    public static final int CLASSIFIER_HIDDEN = 128;
    /** Classes of the generated classifier. */
    public static final int CLASSIFIER_CLASSES = 10;

    private BenchInputs() {
    }

    /**
     * @param samples length
     * @return uniform noise in [-0.5, 0.5) from {@link #SEED}
     */
    public static float[] noise(int samples) {
        float[] x = new float[samples];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (random.nextDouble() - 0.5);
        }
        return x;
    }

    /**
     * A two-layer perceptron over a {@code [batch, 101, 64]} log-mel window (Flatten, MatMul 6464x128, Relu,
     * MatMul 128x10, Softmax) with a dynamic batch axis: about 0.83 M multiply-adds per window, the size of a small
     * keyword or event classifier. Weights are seeded noise.
     *
     * @return the ONNX file's bytes
     */
    public static byte[] classifierModel() {
        int in = CLASSIFIER_FRAMES * CLASSIFIER_BANDS;
        float[] w1 = noise(in * CLASSIFIER_HIDDEN);
        float[] w2 = noise(CLASSIFIER_HIDDEN * CLASSIFIER_CLASSES);
        return OnnxModelBuilder.create("bench_mlp")
                .input(ValueInfo.of("logmel", ElementType.FLOAT, -1, CLASSIFIER_FRAMES, CLASSIFIER_BANDS))
                .initializer("w1", w1, in, CLASSIFIER_HIDDEN)
                .initializer("w2", w2, CLASSIFIER_HIDDEN, CLASSIFIER_CLASSES)
                .node("Flatten", List.of("logmel"), List.of("flat"), Attribute.of("axis", 1L))
                .node("MatMul", List.of("flat", "w1"), List.of("h"))
                .node("Relu", List.of("h"), List.of("hr"))
                .node("MatMul", List.of("hr", "w2"), List.of("logits"))
                .node("Softmax", List.of("logits"), List.of("probs"), Attribute.of("axis", -1L))
                .output(ValueInfo.of("probs", ElementType.FLOAT, -1, CLASSIFIER_CLASSES))
                .toByteArray();
    }
}
