package dev.audioml.onnx;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a model's output values become scores: the {@code audioml.output} metadata value.
 *
 * @since 0.1
 */
public enum OutputMode {
    /** The model outputs logits of mutually exclusive classes; scores are their softmax (sum to 1). */
    SOFTMAX,
    /** The model outputs logits of independent labels (multi-label); scores are their logistic sigmoid. */
    SIGMOID,
    /** The model outputs logits that are reported unchanged (not probabilities; thresholds apply to raw values). */
    LOGITS,
    /** The model already outputs scores (e.g. ends in a Softmax or Sigmoid node); reported unchanged. The default. */
    SCORES;

    /**
     * @param name {@code softmax}, {@code sigmoid}, {@code logits} or {@code scores} (case-insensitive)
     * @param key where the value came from, for the message
     * @return the mode
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static OutputMode parse(String name, String key) {
        for (OutputMode m : values()) {
            if (m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + Arrays.toString(names()) + ", got \"" + name + "\"");
    }

    /** @return the lower-case names accepted by {@link #parse} */
    public static String[] names() {
        return Arrays.stream(values()).map(OutputMode::id).toArray(String[]::new);
    }

    /** @return the lower-case name used in metadata */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Turns {@code count} raw output values into scores.
     *
     * @param raw model output
     * @param rawOffset first value in {@code raw}
     * @param scores destination
     * @param count number of values
     */
    void apply(float[] raw, int rawOffset, float[] scores, int count) {
        switch (this) {
            case SOFTMAX -> {
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < count; i++) {
                    max = Math.max(max, raw[rawOffset + i]);
                }
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    double e = Math.exp(raw[rawOffset + i] - max);
                    scores[i] = (float) e;
                    sum += e;
                }
                for (int i = 0; i < count; i++) {
                    scores[i] = (float) (scores[i] / sum);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < count; i++) {
                    scores[i] = (float) (1.0 / (1.0 + Math.exp(-raw[rawOffset + i])));
                }
            }
            case LOGITS, SCORES -> System.arraycopy(raw, rawOffset, scores, 0, count);
        }
    }
}
