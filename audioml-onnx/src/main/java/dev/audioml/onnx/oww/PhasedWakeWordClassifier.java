package dev.audioml.onnx.oww;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * openWakeWord at a finer stride than its 80 ms hop: {@code phases} independent {@link WakeWordClassifier} streams
 * whose hop grids are offset by {@code 1280 / phases} samples (40 ms for 2 phases, 20 ms for 4), so a wake word is
 * scored on whichever embedding grid fits it best. The openWakeWord chain only embeds every 80 ms, and a shift of
 * half a hop flips some decisions on short utterances; taking the max over phases removes that dependence on where
 * the file happens to start.
 *
 * <p>Run it on windows of 1280 samples with a hop of {@link #strideSamples()}: window {@code j} (covering samples
 * {@code [j * stride, j * stride + 1280)}) goes to phase {@code j mod phases}, so each phase sees back-to-back 1280
 * sample hops, exactly as a plain stream that started {@code (j mod phases) * stride} samples later. Each window's
 * score is its phase's score; the per-file maximum is the maximum over phases. Phase 0 equals the plain classifier on
 * the same stream. Costs {@code phases} times the plain classifier.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class PhasedWakeWordClassifier implements Classifier {
    private final WakeWordClassifier[] streams;
    private final WakeWordModel ownedModel;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long window;

    PhasedWakeWordClassifier(WakeWordModel model, int phases, boolean ownsModel) {
        this.ownedModel = ownsModel ? model : null;
        if (phases < 1 || OwwBackbone.HOP_SAMPLES % phases != 0) {
            throw new IllegalArgumentException("phases must divide " + OwwBackbone.HOP_SAMPLES
                    + " (e.g. 1, 2, 4, 8 for strides of 80, 40, 20, 10 ms), got " + phases);
        }
        streams = new WakeWordClassifier[phases];
        try {
            for (int p = 0; p < phases; p++) {
                streams[p] = model.newClassifier();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a single-stream phased classifier that owns its model (closing it closes the model).
     *
     * @param model a model, now owned by the classifier
     * @param phases hop grids; must divide 1280
     * @return the classifier
     */
    public static PhasedWakeWordClassifier owning(WakeWordModel model, int phases) {
        try {
            return new PhasedWakeWordClassifier(model, phases, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** @return the number of phases */
    public int phases() {
        return streams.length;
    }

    /** @return the hop between windows in samples at 16 kHz: {@code 1280 / phases} */
    public int strideSamples() {
        return OwwBackbone.HOP_SAMPLES / streams.length;
    }

    /** @return samples per window: 1280 */
    public int windowSamples() {
        return OwwBackbone.HOP_SAMPLES;
    }

    @Override
    public List<String> labels() {
        return streams[0].labels();
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        float[] data = features.data();
        if (data.length != OwwBackbone.HOP_SAMPLES) {
            throw new IllegalArgumentException("openWakeWord needs frames of exactly " + OwwBackbone.HOP_SAMPLES
                    + " samples at 16 kHz, got " + data.length + " (shape " + Arrays.toString(features.shape()) + ")");
        }
        streams[(int) (window++ % streams.length)].score(data, 0, scores);
    }

    /**
     * Scores a whole clip as {@link WakeWordClassifier#predictClip} does, at every phase: 1 s of zeros before the clip,
     * 1 s minus one sample after it, windows of 1280 samples every {@link #strideSamples()}.
     *
     * @param audio the clip in [-1, 1] at 16 kHz
     * @return per window (in time order, phases interleaved), one score per label
     */
    public float[][] predictClip(float[] audio) {
        reset();
        int pad = OwwBackbone.SAMPLE_RATE_HZ;
        float[] data = new float[audio.length + 2 * pad - 1];
        System.arraycopy(audio, 0, data, pad, audio.length);
        int stride = strideSamples();
        int windows = data.length < OwwBackbone.HOP_SAMPLES ? 0 : (data.length - OwwBackbone.HOP_SAMPLES) / stride + 1;
        float[][] out = new float[windows][labels().size()];
        for (int j = 0; j < windows; j++) {
            streams[j % streams.length].score(data, j * stride, out[j]);
        }
        window = windows;
        return out;
    }

    @Override
    public void reset() {
        if (closed.get()) {
            throw new IllegalStateException("PhasedWakeWordClassifier is closed");
        }
        for (WakeWordClassifier s : streams) {
            s.reset();
        }
        window = 0;
    }

    /** Closes every phase's stream, and the model if this classifier owns it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (WakeWordClassifier s : streams) {
                if (s != null) {
                    s.close();
                }
            }
            if (ownedModel != null) {
                ownedModel.close();
            }
        }
    }
}
