package dev.audioml.onnx;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A trained model's level gate ({@code audioml.gate_db}) on a stream: a window whose RMS level
 * ({@code 10 log10(mean(x^2) + 1e-10)} dB of its samples) is more than the gate below the loudest window of the last
 * {@code memoryWindows} windows (itself included) gets no decision — every score 0, so no label passes a threshold
 * or fires an event, and the model is not run. Training drops such windows relative to the clip's loudest window;
 * a stream has no whole clip, so the reference is the loudest recent window: on a file, a window the clip rule keeps
 * is always kept here too.
 *
 * <p>The frames must be raw audio (the model's features {@code {"feature": "raw"}}), as every model written by
 * {@code audioml train} on its own backbones is. Allocation-free per window. Not thread-safe: one per stream. Owns and
 * closes the inner classifier.
 *
 * @since 0.1
 */
public final class LevelGatedClassifier implements Classifier {
    /** How far back the loudest window is looked for, in seconds, by {@link #of}. */
    public static final double MEMORY_SECONDS = 10;

    private final Classifier inner;
    private final double gateDb;
    private final float[] recent;
    private final int labelCount;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long windows;

    /**
     * @param inner the classifier to gate; its frames are raw audio; now owned
     * @param gateDb the gate in dB, positive
     * @param memoryWindows how many windows back the loudest is looked for, at least 1
     * @throws IllegalArgumentException for a gate or memory out of range (the inner classifier is then closed)
     */
    public LevelGatedClassifier(Classifier inner, double gateDb, int memoryWindows) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (!(gateDb > 0) || memoryWindows < 1) {
            inner.close(); // given to own: closed on failure too
            throw new IllegalArgumentException("gate must be > 0 dB and memory >= 1 window, got " + gateDb + " dB and "
                    + memoryWindows);
        }
        this.gateDb = gateDb;
        this.labelCount = inner.labels().size();
        this.recent = new float[memoryWindows];
        Arrays.fill(recent, Float.NEGATIVE_INFINITY);
    }

    /**
     * A new classifier for one stream of {@code model}: gated when the model declares {@code audioml.gate_db} and
     * takes raw audio, else its plain classifier.
     *
     * @param model the model
     * @return the classifier; the caller closes it
     */
    public static Classifier of(OnnxModel model) {
        Classifier plain = model.newClassifier();
        if (model.metadata().gateDb().isEmpty() || !model.metadata().isRawAudio()) {
            return plain;
        }
        int memory = (int) Math.max(1, Math.ceil(MEMORY_SECONDS * model.sampleRateHz() / model.hopSamples()));
        return new LevelGatedClassifier(plain, model.metadata().gateDb().get(), memory);
    }

    /**
     * A new classifier for one stream of any model, as {@code audioml classify} scores a file: an {@link OnnxModel}'s
     * level gate applies ({@link #of(OnnxModel)}), other models (presets) give their plain classifier.
     *
     * @param model the model
     * @return the classifier; the caller closes it
     * @since 0.1
     */
    public static Classifier forStream(AudioModel model) {
        return model instanceof OnnxModel m ? of(m) : model.newClassifier();
    }

    /**
     * A window's RMS level, the one training's gate compares: {@code 10 log10(mean(x^2) + 1e-10)} dB relative to full
     * scale.
     *
     * @param window samples; read-only
     * @return the level in dB, at least -100
     */
    public static float levelDb(float[] window) {
        double sq = 0;
        for (float v : window) {
            sq += (double) v * v;
        }
        return (float) (10 * Math.log10(sq / Math.max(1, window.length) + 1e-10));
    }

    @Override
    public List<String> labels() {
        return inner.labels();
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        float level = levelDb(features.data());
        recent[(int) (windows++ % recent.length)] = level;
        float loudest = Float.NEGATIVE_INFINITY;
        for (float l : recent) {
            loudest = Math.max(loudest, l);
        }
        if (level < loudest - gateDb) {
            Arrays.fill(scores, 0, labelCount, 0f);
        } else {
            inner.classify(features, scores);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            inner.close();
        }
    }
}
