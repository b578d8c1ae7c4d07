package dev.audioml.onnx.oww;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.post.EventRules;
import dev.audioml.onnx.FileScoring;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stream of an openWakeWord {@link WakeWordModel}: a stateful {@link Classifier} that consumes 80 ms hops
 * (1280 samples at 16 kHz) and scores every head's labels in [0, 1].
 *
 * <p>Follows {@code openwakeword/model.py} {@code Model.predict} for 1280-sample inputs: the hop's embedding is
 * appended to an embedding buffer (pre-filled with the embeddings of 4 s of low noise, capped at 120), each head reads
 * the last N embeddings (N = its input's {@code shape[1]}), and the first 5 predictions of a stream are zeroed.
 * Features: a frame whose data holds exactly 1280 samples in [-1, 1] (e.g. {@code [1, 1280]} from the
 * {@code IdentityExtractor} with window = hop = 1280).
 *
 * <p>Not thread-safe: confine to one pipeline thread. The model may be shared by many streams.
 *
 * @since 0.1
 */
public final class WakeWordClassifier implements Classifier {
    /** Predictions zeroed at the start of each stream. */
    static final int WARMUP_PREDICTIONS = 5;

    /**
     * File scoring equal to {@code openwakeword/model.py} {@code Model.predict_clip(clip, padding=1, chunk_size=1280)}:
     * 1 s of zeros before the clip; 1280-sample chunks from the padded start; full chunks only, and of those
     * {@code range(0, len(data) - step, step)} keeps a chunk only if it starts before {@code len - 1280}, so a last
     * chunk that ends exactly at the padded end is skipped. Padding 1 s - 1 sample after the clip and dropping the
     * partial last window gives exactly that count: {@code floor((n + 31999) / 1280)} chunks for an n-sample clip.
     *
     * @since 0.1
     */
    public static final FileScoring PREDICT_CLIP = new FileScoring(OwwBackbone.SAMPLE_RATE_HZ,
            OwwBackbone.SAMPLE_RATE_HZ - 1, LastWindow.DROP, "openwakeword Model.predict_clip (padding=1)");

    private final WakeWordModel model;
    private final boolean ownsModel;
    private final EmbeddingStream stream;
    private final EmbeddingRing ring;
    private final float[] embedding = new float[OwwBackbone.EMBEDDING_SIZE];
    private final OwwTensors.Bound[] headIn;
    private final OwwTensors.Bound[] headOut;
    private final List<Map<String, OnnxTensor>> headInputs;
    private final List<Map<String, OnnxTensor>> headOutputs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long predictions;

    /**
     * Event rules for wake words: score at least 0.5 (openWakeWord's default threshold), runs less than 0.25 s apart
     * merged (a one- or two-hop dip inside one utterance), and a 1 s debounce (openWakeWord's {@code debounce_time}:
     * one detection per utterance). With these, the bundled demo recording gives one event per "hey jarvis".
     *
     * @since 0.1
     */
    public static final EventRules DEFAULT_EVENTS = EventRules.builder().threshold(0.5f).mergeGapSeconds(0.25)
            .debounceSeconds(1.0).build();

    WakeWordClassifier(WakeWordModel model, boolean ownsModel) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.stream = model.backbone().newStream();
        this.ring = new EmbeddingRing(model.backbone().noiseEmbeddings());
        List<WakeWordHead> heads = model.heads();
        headIn = new OwwTensors.Bound[heads.size()];
        headOut = new OwwTensors.Bound[heads.size()];
        Map<String, OnnxTensor>[] ins = newMaps(heads.size());
        Map<String, OnnxTensor>[] outs = newMaps(heads.size());
        for (int h = 0; h < heads.size(); h++) {
            WakeWordHead head = heads.get(h);
            headIn[h] = OwwTensors.Bound.of(1, head.inputEmbeddings(), OwwBackbone.EMBEDDING_SIZE);
            headOut[h] = OwwTensors.Bound.of(1, head.outputs());
            ins[h] = Map.of(head.inputName(), headIn[h].tensor());
            outs[h] = Map.of(head.outputName(), headOut[h].tensor());
        }
        headInputs = List.of(ins);
        headOutputs = List.of(outs);
        reset();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, OnnxTensor>[] newMaps(int n) {
        return (Map<String, OnnxTensor>[]) new Map<?, ?>[n];
    }

    /**
     * Opens a single-stream classifier that owns its model (closing it closes the model).
     *
     * @param model a model, now owned by the classifier
     * @return the classifier
     */
    public static WakeWordClassifier owning(WakeWordModel model) {
        return new WakeWordClassifier(model, true);
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    /** @return samples per {@link #classify} call: 1280 (80 ms at 16 kHz) */
    public int hopSamples() {
        return OwwBackbone.HOP_SAMPLES;
    }

    /** @return the input rate in Hz: 16000 */
    public int sampleRateHz() {
        return OwwBackbone.SAMPLE_RATE_HZ;
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        float[] data = features.data();
        if (data.length != OwwBackbone.HOP_SAMPLES) {
            throw new IllegalArgumentException("openWakeWord needs frames of exactly " + OwwBackbone.HOP_SAMPLES
                    + " samples at 16 kHz, got " + data.length + " (shape " + Arrays.toString(features.shape()) + ")");
        }
        score(data, 0, scores);
    }

    /**
     * Scores the next 80 ms hop of the stream.
     *
     * @param samples audio in [-1, 1] at 16 kHz
     * @param offset first sample of the hop; 1280 samples are read
     * @param scores destination, one score per label ({@link #labels()} order)
     */
    public void score(float[] samples, int offset, float[] scores) {
        if (closed.get()) {
            throw new IllegalStateException("WakeWordClassifier is closed");
        }
        if (scores.length != model.labels().size()) {
            throw new IllegalArgumentException("scores must have length " + model.labels().size() + " (labels "
                    + model.labels() + "), got " + scores.length);
        }
        stream.next(samples, offset, embedding);
        ring.push(embedding, 0);
        boolean warmingUp = predictions++ < WARMUP_PREDICTIONS;
        int s = 0;
        List<WakeWordHead> heads = model.heads();
        for (int h = 0; h < heads.size(); h++) {
            WakeWordHead head = heads.get(h);
            ring.latest(headIn[h].buffer(), 0, head.inputEmbeddings());
            try (OrtSession.Result ignored = head.session().run(headInputs.get(h), headOutputs.get(h))) {
                // pinned output: scores are in headOut[h]
            } catch (OrtException e) {
                throw new AudioMLException("openWakeWord head " + head.name() + " failed: " + e.getMessage(), e);
            }
            FloatBuffer out = headOut[h].buffer();
            for (int i = 0; i < head.labels().size(); i++) {
                scores[s++] = warmingUp ? 0f : out.get(head.firstOutput() + i);
            }
        }
    }

    /**
     * Scores a whole clip as {@code Model.predict_clip} (padding 1 s of zeros on both sides, 1280-sample steps), from
     * a fresh stream state. Resets before; leaves the stream at the clip's end.
     *
     * @param audio the clip in [-1, 1] at 16 kHz
     * @return per hop, one score per label
     */
    public float[][] predictClip(float[] audio) {
        reset();
        int pad = OwwBackbone.SAMPLE_RATE_HZ;
        float[] data = new float[audio.length + 2 * pad];
        System.arraycopy(audio, 0, data, pad, audio.length);
        int hop = OwwBackbone.HOP_SAMPLES;
        int hops = Math.max(0, (data.length - hop + hop - 1) / hop); // range(0, len - step, step)
        float[][] out = new float[hops][model.labels().size()];
        for (int i = 0; i < hops; i++) {
            score(data, i * hop, out[i]);
        }
        return out;
    }

    /** Forgets the stream: fresh mel buffer, embedding buffer back to the noise pre-fill, warm-up zeroing again. */
    @Override
    public void reset() {
        if (closed.get()) {
            throw new IllegalStateException("WakeWordClassifier is closed");
        }
        stream.reset();
        ring.reset();
        predictions = 0;
    }

    /** Releases this stream's tensors, and the model if this classifier owns it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stream.close();
            for (int h = 0; h < headIn.length; h++) {
                headIn[h].close();
                headOut[h].close();
            }
            if (ownsModel) {
                model.close();
            }
        }
    }
}
