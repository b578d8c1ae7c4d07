package dev.audioml.onnx.testing;

import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.util.List;

/**
 * A hand-designed raw-audio model that tells low tones from high tones, written in code (shared with other modules'
 * tests through the onnx test-jar).
 *
 * <p>For a window {@code x} it computes the mean power {@code p = mean(x^2)} and the mean power of the first
 * difference {@code q = mean((x[n] - x[n-1])^2)}. For a sine of frequency f at rate sr, {@code q / p = 2 (1 - cos(2 pi
 * f / sr))}: 0.014 at 300 Hz and 1.24 at 3 kHz (16 kHz). The logits are {@code gain * (p - q / RATIO_SPLIT)} for
 * {@code "low"} and its negative for {@code "high"}; the model's {@code audioml.output} is softmax. Silence scores
 * 0.5/0.5.
 */
public final class ToneModels {
    /** Sample rate the model declares, in Hz. */
    public static final int SAMPLE_RATE_HZ = 16_000;
    /** Window the model declares, in samples (0.1 s). */
    public static final int WINDOW_SAMPLES = 1_600;
    /** The ratio q/p (2 (1 - cos w)) at which "low" and "high" score equal: about 1.6 kHz at 16 kHz. */
    public static final float RATIO_SPLIT = 0.8f;
    private static final float GAIN = 200f;

    private ToneModels() {
    }

    /** @return the model with full {@code audioml.*} metadata: labels low/high, raw 16 kHz features, 0.1 s, softmax */
    public static OnnxModelBuilder lowHigh() {
        int n = WINDOW_SAMPLES;
        return OnnxModelBuilder.create("tone")
                .input(ValueInfo.of("audio", ElementType.FLOAT, -1, n))
                .initializer("start1", new long[] {1}, 1)
                .initializer("end1", new long[] {n}, 1)
                .initializer("start0", new long[] {0}, 1)
                .initializer("end0", new long[] {n - 1}, 1)
                .initializer("axis1", new long[] {1}, 1)
                .initializer("inverse_split", new float[] {1f / RATIO_SPLIT}, 1)
                .initializer("gain", new float[] {GAIN, -GAIN}, 1, 2)
                .node("Slice", List.of("audio", "start1", "end1", "axis1"), List.of("later"))
                .node("Slice", List.of("audio", "start0", "end0", "axis1"), List.of("earlier"))
                .node("Sub", List.of("later", "earlier"), List.of("diff"))
                .node("Mul", List.of("diff", "diff"), List.of("diff2"))
                .node("Mul", List.of("audio", "audio"), List.of("x2"))
                .node("ReduceMean", List.of("diff2"), List.of("q"), Attribute.ints("axes", 1), Attribute.of("keepdims", 1L))
                .node("ReduceMean", List.of("x2"), List.of("p"), Attribute.ints("axes", 1), Attribute.of("keepdims", 1L))
                .node("Mul", List.of("q", "inverse_split"), List.of("q_scaled"))
                .node("Sub", List.of("p", "q_scaled"), List.of("margin"))
                .node("Mul", List.of("margin", "gain"), List.of("logits"))
                .output(ValueInfo.of("logits", ElementType.FLOAT, -1, 2))
                .metadata("audioml.labels", "[\"low\", \"high\"]")
                .metadata("audioml.features", "{\"feature\": \"raw\", \"sr\": " + SAMPLE_RATE_HZ + "}")
                .metadata("audioml.window_seconds", Double.toString((double) n / SAMPLE_RATE_HZ))
                .metadata("audioml.output", "softmax");
    }
}
