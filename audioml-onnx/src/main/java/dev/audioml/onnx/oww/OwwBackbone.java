package dev.audioml.onnx.oww;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * openWakeWord's shared front end: {@code melspectrogram.onnx} (32 mel bands every 10 ms) followed by Google's
 * {@code speech_embedding} network ({@code embedding_model.onnx}, 76 mel frames in, one 96-d embedding out), one
 * embedding per 80 ms (1280 samples at 16 kHz).
 *
 * <p>Follows {@code openwakeword/utils.py} {@code AudioFeatures}: audio is fed as int16 <em>values</em> cast to
 * float (range +-32768, {@code _get_melspectrogram}); the melspectrogram output is transformed {@code x / 10 + 2};
 * embedding windows are 76 mel frames with a stride of 8 ({@code _get_embeddings}). Streaming
 * ({@code _streaming_features}/{@code _streaming_melspectrogram}): each hop's melspectrogram is computed on the newest
 * 1280 samples plus the 480 before them (the first hop of a stream has no history: 1280 in, 5 frames out; later
 * hops 1760 in, 8 out); the mel buffer starts as 76 rows of ones and the embedding takes its last 76 rows.
 * Inputs and outputs are looked up by index, since names differ between files.
 *
 * <p>Thread-safe: the sessions are shared; every {@link EmbeddingStream} keeps its own buffers.
 *
 * @since 0.1
 */
public final class OwwBackbone implements EmbeddingBackbone {
    /** Input rate in Hz. */
    public static final int SAMPLE_RATE_HZ = 16_000;
    /** New samples per embedding (80 ms). */
    public static final int HOP_SAMPLES = 1280;
    /** Samples before each hop that its melspectrogram also sees (3 mel hops). */
    public static final int CONTEXT_SAMPLES = 480;
    /** Mel bands of the melspectrogram model. */
    public static final int MEL_BANDS = 32;
    /** Mel frames per embedding window. */
    public static final int WINDOW_FRAMES = 76;
    /** Mel frames between embedding windows. */
    public static final int STRIDE_FRAMES = 8;
    /** Length of one embedding. */
    public static final int EMBEDDING_SIZE = 96;
    /** Mel samples per frame (10 ms). */
    static final int MEL_HOP_SAMPLES = 160;
    /** Mel frames of a stream's first hop (1280 samples in, no history). */
    static final int FIRST_FRAMES = HOP_SAMPLES / MEL_HOP_SAMPLES - 3;
    /** Mel frames of every later hop (1760 samples in). */
    static final int NEXT_FRAMES = (HOP_SAMPLES + CONTEXT_SAMPLES) / MEL_HOP_SAMPLES - 3;
    /** Noise clip whose embeddings pre-fill a head's embedding buffer: 4 s of int16 noise in [-1000, 1000). */
    private static final int NOISE_SAMPLES = 4 * SAMPLE_RATE_HZ;
    private static final int NOISE_PEAK = 1000;
    private static final long NOISE_SEED = 0x0A0D10L;

    private final OnnxSession melSession;
    private final OnnxSession embeddingSession;
    private final Path melspectrogramModel;
    private final Path embeddingModel;
    private final String melInput;
    private final String melOutput;
    private final String embeddingInput;
    private final String embeddingOutput;
    private final float[][] noiseEmbeddings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OwwBackbone(OnnxSession melSession, OnnxSession embeddingSession, Path melspectrogramModel,
            Path embeddingModel) {
        this.melSession = melSession;
        this.embeddingSession = embeddingSession;
        this.melspectrogramModel = melspectrogramModel;
        this.embeddingModel = embeddingModel;
        this.melInput = OwwTensors.inputName(melSession, 0);
        this.melOutput = OwwTensors.outputName(melSession, 0);
        this.embeddingInput = OwwTensors.inputName(embeddingSession, 0);
        this.embeddingOutput = OwwTensors.outputName(embeddingSession, 0);
        OwwTensors.requireShape(melSession.inputs().get(0), "melspectrogram model input", -1, -1);
        OwwTensors.requireShape(melSession.outputs().get(0), "melspectrogram model output", -1, 1, -1, MEL_BANDS);
        OwwTensors.requireShape(embeddingSession.inputs().get(0), "embedding model input", -1, WINDOW_FRAMES, MEL_BANDS, 1);
        OwwTensors.requireShape(embeddingSession.outputs().get(0), "embedding model output", -1, 1, 1, EMBEDDING_SIZE);
        // AudioFeatures.__init__: feature_buffer = _get_embeddings(np.random.randint(-1000, 1000, 16000*4))
        SplittableRandom random = new SplittableRandom(NOISE_SEED);
        float[] noise = new float[NOISE_SAMPLES];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextInt(-NOISE_PEAK, NOISE_PEAK) / 32768f;
        }
        this.noiseEmbeddings = embedClip(noise);
    }

    /**
     * Loads the two models.
     *
     * @param melspectrogramModel path of {@code melspectrogram.onnx}
     * @param embeddingModel path of {@code embedding_model.onnx}
     * @return the backbone; the caller closes it
     */
    public static OwwBackbone open(Path melspectrogramModel, Path embeddingModel) {
        OnnxSession mel = OrtSessions.open(melspectrogramModel);
        OnnxSession emb = null;
        try {
            emb = OrtSessions.open(embeddingModel);
            return new OwwBackbone(mel, emb, melspectrogramModel, embeddingModel);
        } catch (RuntimeException e) {
            mel.close();
            if (emb != null) {
                emb.close();
            }
            throw e;
        }
    }

    @Override
    public int sampleRateHz() {
        return SAMPLE_RATE_HZ;
    }

    @Override
    public int hopSamples() {
        return HOP_SAMPLES;
    }

    @Override
    public int embeddingSize() {
        return EMBEDDING_SIZE;
    }

    @Override
    public int minClipSamples() {
        // the melspectrogram model gives N / 160 - 3 frames; one window needs 76
        return (WINDOW_FRAMES + 3) * MEL_HOP_SAMPLES;
    }

    /**
     * Embeds a clip as {@code AudioFeatures._get_embeddings}: one melspectrogram over the whole clip, then every
     * 76-frame window at a stride of 8 frames (short trailing windows dropped), batched through the embedding model.
     */
    @Override
    public float[][] embedClip(float[] audio) {
        if (audio.length < minClipSamples()) {
            throw new IllegalArgumentException("clip has " + audio.length + " samples but openWakeWord embeddings need at least "
                    + minClipSamples() + " (" + minClipSamples() * 1000 / SAMPLE_RATE_HZ + " ms at 16 kHz)");
        }
        float[] mel = melspectrogram(audio);
        int frames = mel.length / MEL_BANDS;
        int windows = (frames - WINDOW_FRAMES) / STRIDE_FRAMES + 1;
        float[] batch = new float[windows * WINDOW_FRAMES * MEL_BANDS];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(mel, w * STRIDE_FRAMES * MEL_BANDS, batch, w * WINDOW_FRAMES * MEL_BANDS, WINDOW_FRAMES * MEL_BANDS);
        }
        float[][] out = new float[windows][EMBEDDING_SIZE];
        try (OnnxTensor in = OnnxTensor.createTensor(OrtAccess.environment(), FloatBuffer.wrap(batch),
                        new long[] {windows, WINDOW_FRAMES, MEL_BANDS, 1});
                OrtSession.Result result = session(embeddingSession).run(Map.of(embeddingInput, in))) {
            FloatBuffer flat = ((OnnxTensor) result.get(0)).getFloatBuffer();
            for (float[] row : out) {
                flat.get(row);
            }
        } catch (OrtException e) {
            throw new AudioMLException("openWakeWord embedding model failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** @return the transformed melspectrogram of a whole clip, {@code [frames][32]} flattened */
    float[] melspectrogram(float[] audio) {
        float[] scaled = new float[audio.length];
        for (int i = 0; i < audio.length; i++) {
            scaled[i] = OwwTensors.toInt16Value(audio[i]);
        }
        try (OnnxTensor in = OnnxTensor.createTensor(OrtAccess.environment(), FloatBuffer.wrap(scaled),
                        new long[] {1, scaled.length});
                OrtSession.Result result = session(melSession).run(Map.of(melInput, in))) {
            FloatBuffer flat = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] mel = new float[flat.remaining()];
            flat.get(mel);
            for (int i = 0; i < mel.length; i++) {
                mel[i] = mel[i] / 10f + 2f; // melspec_transform = lambda x: x/10 + 2
            }
            return mel;
        } catch (OrtException e) {
            throw new AudioMLException("openWakeWord melspectrogram model failed: " + e.getMessage(), e);
        }
    }

    /** @return the file of {@code melspectrogram.onnx} this backbone was opened from */
    Path melspectrogramModel() {
        return melspectrogramModel;
    }

    /** @return the file of {@code embedding_model.onnx} this backbone was opened from */
    Path embeddingModel() {
        return embeddingModel;
    }

    /**
     * Builds one ONNX model computing this backbone's pooled clip embedding; see {@link OwwEmbeddingGraph}.
     *
     * @param windowSamples window length in samples at 16 kHz, at least 1
     * @param padSamples zeros padded on each side of the window, at least 0
     * @param pooling how the per-hop embeddings are pooled
     * @return the serialized model; input {@value OwwEmbeddingGraph#INPUT}, output {@value OwwEmbeddingGraph#OUTPUT}
     * @throws IllegalStateException if this backbone is closed
     * @since 0.1
     */
    public byte[] toOnnx(int windowSamples, int padSamples, OwwEmbeddingGraph.Pooling pooling) {
        return OwwEmbeddingGraph.build(this, windowSamples, padSamples, pooling);
    }

    /** @return embeddings of 4 s of low seeded noise, which pre-fill each wake-word stream's buffer (a copy) */
    float[][] noiseEmbeddings() {
        float[][] copy = new float[noiseEmbeddings.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = noiseEmbeddings[i].clone();
        }
        return copy;
    }

    /**
     * {@code melspectrogram_buffer = vstack((buffer, x/10 + 2))}, keeping the last 76 rows.
     *
     * @param melRows a stream's last {@value #WINDOW_FRAMES} mel rows of {@value #MEL_BANDS}, oldest first
     * @param mel the melspectrogram model's output (absolute gets)
     * @param offset index of the first new value in {@code mel}
     * @param frames new rows
     */
    static void appendMel(float[] melRows, FloatBuffer mel, int offset, int frames) {
        System.arraycopy(melRows, frames * MEL_BANDS, melRows, 0, (WINDOW_FRAMES - frames) * MEL_BANDS);
        int base = (WINDOW_FRAMES - frames) * MEL_BANDS;
        for (int i = 0; i < frames * MEL_BANDS; i++) {
            melRows[base + i] = mel.get(offset + i) / 10f + 2f;
        }
    }

    /** @return the melspectrogram model's session (for batched runs) */
    OrtSession melSession() {
        return session(melSession);
    }

    /** @return the embedding model's session (for batched runs) */
    OrtSession embeddingSession() {
        return session(embeddingSession);
    }

    String melInput() {
        return melInput;
    }

    String melOutput() {
        return melOutput;
    }

    String embeddingInput() {
        return embeddingInput;
    }

    String embeddingOutput() {
        return embeddingOutput;
    }

    @Override
    public EmbeddingStream newStream() {
        return new Stream();
    }

    private OrtSession session(OnnxSession s) {
        if (closed.get()) {
            throw new IllegalStateException("OwwBackbone is closed");
        }
        return OrtAccess.ort(s);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            melSession.close();
            embeddingSession.close();
        }
    }

    /** Per-stream buffers: raw context, the last 76 mel rows, reusable tensors. */
    private final class Stream implements EmbeddingStream {
        private final OwwTensors.Bound firstIn = OwwTensors.Bound.of(1, HOP_SAMPLES);
        private final OwwTensors.Bound nextIn = OwwTensors.Bound.of(1, HOP_SAMPLES + CONTEXT_SAMPLES);
        private final OwwTensors.Bound firstMel = OwwTensors.Bound.of(1, 1, FIRST_FRAMES, MEL_BANDS);
        private final OwwTensors.Bound nextMel = OwwTensors.Bound.of(1, 1, NEXT_FRAMES, MEL_BANDS);
        private final OwwTensors.Bound window = OwwTensors.Bound.of(1, WINDOW_FRAMES, MEL_BANDS, 1);
        private final OwwTensors.Bound embedding = OwwTensors.Bound.of(1, 1, 1, EMBEDDING_SIZE);
        private final Map<String, OnnxTensor> firstInputs = Map.of(melInput, firstIn.tensor());
        private final Map<String, OnnxTensor> nextInputs = Map.of(melInput, nextIn.tensor());
        private final Map<String, OnnxTensor> firstOutputs = Map.of(melOutput, firstMel.tensor());
        private final Map<String, OnnxTensor> nextOutputs = Map.of(melOutput, nextMel.tensor());
        private final Map<String, OnnxTensor> windowInputs = Map.of(embeddingInput, window.tensor());
        private final Map<String, OnnxTensor> embeddingOutputs = Map.of(embeddingOutput, embedding.tensor());
        private final float[] context = new float[CONTEXT_SAMPLES];
        private final float[] melRows = new float[WINDOW_FRAMES * MEL_BANDS];
        private final AtomicBoolean streamClosed = new AtomicBoolean();
        private boolean first;

        Stream() {
            reset();
        }

        @Override
        public void next(float[] samples, int offset, float[] out) {
            if (streamClosed.get()) {
                throw new IllegalStateException("OwwBackbone stream is closed");
            }
            if (out.length != EMBEDDING_SIZE) {
                throw new IllegalArgumentException("embedding must have length " + EMBEDDING_SIZE + ", got " + out.length);
            }
            OwwTensors.Bound in = first ? firstIn : nextIn;
            OwwTensors.Bound mel = first ? firstMel : nextMel;
            // list(raw_data_buffer)[-n_samples - 160*3:], as int16 values
            FloatBuffer b = in.buffer();
            b.clear();
            if (!first) {
                b.put(context);
            }
            for (int i = 0; i < HOP_SAMPLES; i++) {
                b.put(OwwTensors.toInt16Value(samples[offset + i]));
            }
            for (int i = 0; i < CONTEXT_SAMPLES; i++) {
                context[i] = b.get(b.position() - CONTEXT_SAMPLES + i);
            }
            b.rewind();
            run(melSession, first ? firstInputs : nextInputs, first ? firstOutputs : nextOutputs, "melspectrogram");
            appendMel(melRows, mel.buffer(), 0, first ? FIRST_FRAMES : NEXT_FRAMES);
            window.buffer().clear();
            window.buffer().put(melRows).rewind();
            run(embeddingSession, windowInputs, embeddingOutputs, "embedding");
            embedding.buffer().get(0, out);
            first = false;
        }

        private void run(OnnxSession session, Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs, String what) {
            try (OrtSession.Result ignored = session(session).run(inputs, outputs)) {
                // outputs are pinned: the results are already in the bound buffers
            } catch (OrtException e) {
                throw new AudioMLException("openWakeWord " + what + " model failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(melRows, 1f); // melspectrogram_buffer = np.ones((76, 32))
            java.util.Arrays.fill(context, 0f);
            first = true;
        }

        @Override
        public void close() {
            if (streamClosed.compareAndSet(false, true)) {
                for (OwwTensors.Bound t : new OwwTensors.Bound[] {firstIn, nextIn, firstMel, nextMel, window, embedding}) {
                    t.close();
                }
            }
        }
    }
}
