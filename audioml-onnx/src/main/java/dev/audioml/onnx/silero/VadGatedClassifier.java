package dev.audioml.onnx.silero;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a raw-audio classifier's labels fire only around speech, as openWakeWord's {@code Model(vad_threshold=...)}
 * does ({@code openwakeword/model.py} {@code Model.predict}: "get frames from last 0.4 to 0.56 seconds (3 frames)
 * before the current frame and get max VAD score"; below the threshold every prediction is zeroed).
 *
 * <p>Each window's audio (the frame's data: raw samples in [-1, 1] at the VAD's rate, e.g. 1280 samples of
 * openWakeWord) also goes through a Silero VAD stream in 512-sample chunks (leftover samples wait for the next
 * window); the window's VAD score is the mean of the chunks completed during it (openWakeWord's {@code VAD.predict}
 * mean; the previous score if none completed). A window's scores are kept only if the maximum VAD score of the windows
 * 4, 5 and 6 windows back ({@code prediction_buffer[-7:-4]}; 0.32–0.56 s at 80 ms windows) is at least the threshold,
 * and zeroed otherwise (also while fewer than 5 windows have been seen).
 *
 * <p>Difference from openWakeWord: it runs the legacy Silero v4 on 640-sample frames without context; this uses the
 * v5 stream AudioML runs everywhere (512 samples plus 64 of context, as Silero's own wrapper).
 *
 * <p>Not thread-safe: confine to one pipeline thread. Owns and closes both classifiers.
 *
 * @since 0.1
 */
public final class VadGatedClassifier implements Classifier {
    /** openWakeWord's {@code prediction_buffer[-7:-4]}: the windows this many back are checked. */
    private static final int[] LOOK_BACK = {4, 5, 6};

    private final Classifier inner;
    private final SileroVad vad;
    private final float threshold;
    private final float[] pending;
    private final float[] history = new float[LOOK_BACK[LOOK_BACK.length - 1] + 1];
    private final AtomicBoolean closed = new AtomicBoolean();
    private int pendingLength;
    private long windows;
    private float lastVad;

    /**
     * @param inner the classifier to gate; its frames must be raw audio at the VAD's rate; now owned
     * @param vad a fresh Silero stream; now owned
     * @param threshold VAD score in (0, 1) below which the labels are silenced (openWakeWord's {@code vad_threshold})
     * @throws IllegalArgumentException if the threshold is out of range (both classifiers are then closed)
     */
    public VadGatedClassifier(Classifier inner, SileroVad vad, float threshold) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.vad = Objects.requireNonNull(vad, "vad");
        if (!(threshold > 0 && threshold < 1)) {
            inner.close(); // given to own: closed on failure too
            vad.close();
            throw new IllegalArgumentException("vad threshold must be in (0, 1), got " + threshold);
        }
        this.threshold = threshold;
        this.pending = new float[vad.chunkSamples()];
    }

    @Override
    public List<String> labels() {
        return inner.labels();
    }

    /** @return the VAD threshold */
    public float threshold() {
        return threshold;
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        if (closed.get()) {
            throw new IllegalStateException("VadGatedClassifier is closed");
        }
        inner.classify(features, scores);
        float[] audio = features.data();
        double sum = 0;
        int chunks = 0;
        int chunk = pending.length;
        for (int i = 0; i < audio.length; ) {
            int n = Math.min(chunk - pendingLength, audio.length - i);
            System.arraycopy(audio, i, pending, pendingLength, n);
            pendingLength += n;
            i += n;
            if (pendingLength == chunk) {
                sum += vad.speechProbability(pending, 0);
                chunks++;
                pendingLength = 0;
            }
        }
        if (chunks > 0) {
            lastVad = (float) (sum / chunks);
        }
        history[(int) (windows % history.length)] = lastVad;
        windows++;
        float max = 0;
        boolean enough = windows > LOOK_BACK[0];
        for (int back : LOOK_BACK) {
            if (windows - 1 - back >= 0) {
                max = Math.max(max, history[(int) ((windows - 1 - back) % history.length)]);
            }
        }
        if (!enough || max < threshold) {
            java.util.Arrays.fill(scores, 0f);
        }
    }

    @Override
    public void reset() {
        inner.reset();
        vad.reset();
        pendingLength = 0;
        windows = 0;
        lastVad = 0;
        java.util.Arrays.fill(history, 0f);
    }

    /** Closes both classifiers. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                inner.close();
            } finally {
                vad.close();
            }
        }
    }
}
