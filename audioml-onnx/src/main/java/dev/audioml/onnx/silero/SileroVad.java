package dev.audioml.onnx.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.onnx.FileScoring;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stream of Silero VAD v5: a stateful {@link Classifier} with the single label {@code "speech"}, scoring each
 * chunk of {@link #chunkSamples()} new samples (512 at 16 kHz = 32 ms, 256 at 8 kHz).
 *
 * <p>Follows Silero's own wrapper {@code silero_vad/utils_vad.py} {@code OnnxWrapper.__call__}: each model call gets
 * the last {@link #contextSamples()} samples of the previous chunk (64 at 16 kHz, 32 at 8 kHz; zeros at stream start)
 * followed by the new chunk, the recurrent {@code state} {@code [2,1,128]} is carried from call to call, and
 * {@code sr} is an int64 scalar (or, by default, a constant of the model's per-rate session: see
 * {@link SileroVadModel}). {@link #reset()} zeroes state and context ({@code reset_states}).
 *
 * <p>Features: a frame whose data holds exactly {@link #chunkSamples()} samples in [-1, 1] (e.g. the
 * {@code IdentityExtractor}'s {@code [1, 512]} with window = hop = 512).
 *
 * <p>Inputs and state live in preallocated direct buffers wrapped once as tensors; the two state tensors swap roles
 * each call (pinned outputs), so the per-chunk path copies no state.
 *
 * <p>Not thread-safe: confine to one pipeline thread. The model it came from may be shared.
 *
 * @since 0.1
 */
public final class SileroVad implements Classifier {
    /** The label of the speech probability. */
    public static final String LABEL = "speech";

    /**
     * File scoring equal to {@code silero_vad/utils_vad.py} {@code get_speech_timestamps}: chunks from the file's first
     * sample, no padding, the last partial chunk zero-padded ({@code torch.nn.functional.pad(chunk, (0, 512 - len))}).
     *
     * @since 0.1
     */
    public static final FileScoring SPEECH_TIMESTAMPS = new FileScoring(0, 0, LastWindow.ZERO_PAD,
            "silero_vad get_speech_timestamps");
    private static final int STATE_SIZE = 2 * 128;
    private static final long[] STATE_SHAPE = {2, 1, 128};

    private final SileroVadModel model;
    private final boolean ownsModel;
    private final int sampleRateHz;
    private final int chunkSamples;
    private final int contextSamples;
    private final FloatBuffer input;
    private final FloatBuffer[] states = new FloatBuffer[2];
    private final FloatBuffer probability;
    private final OnnxTensor inputTensor;
    private final OnnxTensor[] stateTensors = new OnnxTensor[2];
    private final OnnxTensor sampleRateTensor;
    private final OnnxTensor probabilityTensor;
    private final Map<String, OnnxTensor> inputs = new HashMap<>();
    private final Map<String, OnnxTensor> outputs = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int current;

    SileroVad(SileroVadModel model, int sampleRateHz, boolean ownsModel) {
        if (sampleRateHz != 16_000 && sampleRateHz != 8_000) {
            throw new IllegalArgumentException("Silero VAD sampleRateHz must be 16000 or 8000, got " + sampleRateHz);
        }
        this.model = model;
        this.ownsModel = ownsModel;
        this.sampleRateHz = sampleRateHz;
        this.chunkSamples = sampleRateHz == 16_000 ? 512 : 256;
        this.contextSamples = sampleRateHz == 16_000 ? 64 : 32;
        model.prepare(sampleRateHz);
        OrtEnvironment env = OrtAccess.environment();
        this.input = OrtSessions.directFloats(contextSamples + chunkSamples);
        this.states[0] = OrtSessions.directFloats(STATE_SIZE);
        this.states[1] = OrtSessions.directFloats(STATE_SIZE);
        this.probability = OrtSessions.directFloats(1);
        OnnxTensor[] made = new OnnxTensor[5];
        try {
            made[0] = OnnxTensor.createTensor(env, input, new long[] {1, contextSamples + chunkSamples});
            made[1] = OnnxTensor.createTensor(env, states[0], STATE_SHAPE);
            made[2] = OnnxTensor.createTensor(env, states[1], STATE_SHAPE);
            made[3] = OnnxTensor.createTensor(env, (long) sampleRateHz);
            made[4] = OnnxTensor.createTensor(env, probability, new long[] {1, 1});
        } catch (OrtException e) {
            closeAll(made);
            throw new AudioMLException("cannot allocate Silero VAD tensors: " + e.getMessage(), e);
        }
        inputTensor = made[0];
        stateTensors[0] = made[1];
        stateTensors[1] = made[2];
        sampleRateTensor = made[3];
        probabilityTensor = made[4];
        inputs.put(SileroVadModel.INPUT, inputTensor);
        if (model.feedsSampleRate()) {
            inputs.put(SileroVadModel.SAMPLE_RATE, sampleRateTensor);
        }
        outputs.put(SileroVadModel.OUTPUT, probabilityTensor);
        reset();
    }

    /**
     * Opens a model for a single stream; closing the returned classifier also closes the model.
     *
     * @param modelPath path of {@code silero_vad_v5.onnx}
     * @param sampleRateHz 16000 or 8000
     * @return a classifier that owns its model
     */
    public static SileroVad open(Path modelPath, int sampleRateHz) {
        SileroVadModel model = SileroVadModel.open(modelPath);
        try {
            return new SileroVad(model, sampleRateHz, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public List<String> labels() {
        return List.of(LABEL);
    }

    /** @return the input rate in Hz (16000 or 8000) */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return new samples per call: 512 at 16 kHz, 256 at 8 kHz */
    public int chunkSamples() {
        return chunkSamples;
    }

    /** @return samples of the previous chunk prepended to each call: 64 at 16 kHz, 32 at 8 kHz */
    public int contextSamples() {
        return contextSamples;
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        float[] data = features.data();
        if (data.length != chunkSamples) {
            throw new IllegalArgumentException("Silero VAD at " + sampleRateHz + " Hz needs frames of exactly "
                    + chunkSamples + " samples, got " + data.length + " (shape " + java.util.Arrays.toString(features.shape()) + ")");
        }
        if (scores.length != 1) {
            throw new IllegalArgumentException("scores must have length 1 (label \"speech\"), got " + scores.length);
        }
        scores[0] = speechProbability(data, 0);
    }

    /**
     * Scores the next chunk of the stream.
     *
     * @param samples audio in [-1, 1]
     * @param offset index of the chunk's first sample; {@link #chunkSamples()} samples are read
     * @return the speech probability of the chunk, in [0, 1]
     */
    public float speechProbability(float[] samples, int offset) {
        if (closed.get()) {
            throw new IllegalStateException("SileroVad is closed");
        }
        // x = torch.cat([self._context, x], dim=1); the context already sits at input[0, contextSamples)
        input.position(contextSamples);
        input.put(samples, offset, chunkSamples);
        input.rewind();
        int next = 1 - current;
        inputs.put(SileroVadModel.STATE, stateTensors[current]);
        outputs.put(SileroVadModel.STATE_OUT, stateTensors[next]);
        try (OrtSession.Result ignored = model.session(sampleRateHz).run(inputs, outputs)) {
            current = next; // self._state = stateN
        } catch (OrtException e) {
            throw new AudioMLException("Silero VAD inference failed: " + e.getMessage(), e);
        }
        // self._context = x[..., -context_size:]
        for (int i = 0; i < contextSamples; i++) {
            input.put(i, input.get(chunkSamples + i));
        }
        return probability.get(0);
    }

    /**
     * Scores a whole clip from a fresh state, as Silero's {@code OnnxWrapper.audio_forward}: chunks of
     * {@link #chunkSamples()}, the last one zero-padded. Resets the stream before and leaves it after the clip.
     *
     * @param audio the clip in [-1, 1]
     * @return one speech probability per chunk, {@code ceil(audio.length / chunkSamples)} values
     */
    public float[] speechProbabilities(float[] audio) {
        reset();
        int chunks = (audio.length + chunkSamples - 1) / chunkSamples;
        float[] out = new float[chunks];
        float[] padded = new float[chunkSamples];
        for (int c = 0; c < chunks; c++) {
            int start = c * chunkSamples;
            int n = Math.min(chunkSamples, audio.length - start);
            if (n == chunkSamples) {
                out[c] = speechProbability(audio, start);
            } else {
                java.util.Arrays.fill(padded, 0f);
                System.arraycopy(audio, start, padded, 0, n);
                out[c] = speechProbability(padded, 0);
            }
        }
        return out;
    }

    /** Zeroes the recurrent state and the context ({@code OnnxWrapper.reset_states}). */
    @Override
    public void reset() {
        if (closed.get()) {
            throw new IllegalStateException("SileroVad is closed");
        }
        for (FloatBuffer s : states) {
            for (int i = 0; i < STATE_SIZE; i++) {
                s.put(i, 0f);
            }
        }
        for (int i = 0; i < input.capacity(); i++) {
            input.put(i, 0f);
        }
        current = 0;
    }

    /** Releases this stream's tensors, and the model if this stream owns it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(inputTensor, stateTensors[0], stateTensors[1], sampleRateTensor, probabilityTensor);
            if (ownsModel) {
                model.close();
            }
        }
    }

    static void closeAll(OnnxTensor... tensors) {
        for (OnnxTensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }
}
