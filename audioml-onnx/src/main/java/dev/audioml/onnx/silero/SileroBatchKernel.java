package dev.audioml.onnx.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.internal.BatchKernel;
import dev.audioml.onnx.internal.BatchedTensor;
import dev.audioml.onnx.internal.OrtAccess;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Silero VAD v5 for many streams in one run: {@code input} {@code [n, context + chunk]} (each row one stream's
 * context and new chunk, as {@link SileroVad}), {@code state} {@code [2, n, 128]} stacked from the streams' states,
 * {@code stateN} scattered back. The model's batch axis is dynamic ({@code input [-1, -1]}, {@code state [2, -1, 128]})
 * and rows do not interact: each stream's probability and next state equal a batch-of-one run's. Every batch runs the
 * model rebuilt as a short graph ({@link SileroCompactGraph}: the same arithmetic per row in another order, within
 * float rounding of the model); where that rebuild does not apply, batches of more than {@value #SMALL_BATCH} run the
 * copy whose convolutions are one MatMul over the batch ({@link SileroBatchGraph}) and smaller ones the folded model.
 *
 * <p>Not thread-safe: runs on the batcher's inference thread.
 */
final class SileroBatchKernel implements BatchKernel {
    private static final int UNITS = 128;
    private static final int LAYERS = 2;
    /**
     * Without the compact rebuild, batches up to this size run the folded model as it is: its Convs beat the MatMul
     * copy's slices and reshapes at one or two rows (bare onnxruntime, per call, load 7: 1 row 199–221 vs 207–235 µs, 4 rows 473–489 vs 384–388 µs).
     */
    private static final int SMALL_BATCH = 2;

    private final SileroVadModel model;
    private final int sampleRateHz;
    private final int chunkSamples;
    private final int contextSamples;
    /** Whether the batch session is the compact rebuild, which every batch size runs. */
    private final boolean compact;
    private final BatchedTensor input;
    private final BatchedTensor stateIn;
    private final BatchedTensor stateOut;
    private final BatchedTensor probability;
    private final OnnxTensor sampleRate;
    private final Map<String, OnnxTensor>[] inputs;
    private final Map<String, OnnxTensor>[] outputs;
    private boolean closed;

    @SuppressWarnings("unchecked")
    SileroBatchKernel(SileroVadModel model, int sampleRateHz, int maxBatch) {
        if (sampleRateHz != 16_000 && sampleRateHz != 8_000) {
            throw new IllegalArgumentException("Silero VAD sampleRateHz must be 16000 or 8000, got " + sampleRateHz);
        }
        this.model = model;
        this.sampleRateHz = sampleRateHz;
        this.chunkSamples = sampleRateHz == 16_000 ? 512 : 256;
        this.contextSamples = sampleRateHz == 16_000 ? 64 : 32;
        model.prepareBatch(sampleRateHz);
        this.compact = model.batchIsCompact(sampleRateHz);
        OrtEnvironment env = OrtAccess.environment();
        input = new BatchedTensor(maxBatch, 0, 1, contextSamples + chunkSamples);
        stateIn = new BatchedTensor(maxBatch, 1, LAYERS, 1, UNITS);
        stateOut = new BatchedTensor(maxBatch, 1, LAYERS, 1, UNITS);
        probability = new BatchedTensor(maxBatch, 0, 1, 1);
        try {
            sampleRate = OnnxTensor.createTensor(env, (long) sampleRateHz);
        } catch (OrtException e) {
            close();
            throw new AudioMLException("cannot allocate Silero VAD tensors: " + e.getMessage(), e);
        }
        inputs = (Map<String, OnnxTensor>[]) new Map<?, ?>[maxBatch + 1];
        outputs = (Map<String, OnnxTensor>[]) new Map<?, ?>[maxBatch + 1];
    }

    @Override
    public List<String> labels() {
        return List.of(SileroVad.LABEL);
    }

    @Override
    public int frameValues() {
        return chunkSamples;
    }

    @Override
    public StreamState newStream() {
        return new Stream();
    }

    @Override
    public void run(StreamState[] batch, int n) {
        FloatBuffer in = input.buffer();
        FloatBuffer state = stateIn.buffer();
        int row = contextSamples + chunkSamples;
        for (int i = 0; i < n; i++) {
            Stream s = (Stream) batch[i];
            // x = torch.cat([self._context, x], dim=1) (utils_vad.py OnnxWrapper.__call__), row i of the batch
            in.put(i * row, s.context, 0, contextSamples);
            in.put(i * row + contextSamples, s.input, 0, chunkSamples);
            for (int l = 0; l < LAYERS; l++) {
                state.put((l * n + i) * UNITS, s.state, l * UNITS, UNITS);
            }
        }
        try (OrtSession.Result ignored = session(n).run(inputs(n), outputs(n))) {
            // outputs pinned: probabilities and stateN are in their buffers
        } catch (OrtException e) {
            throw new AudioMLException("Silero VAD batched inference failed: " + e.getMessage(), e);
        }
        FloatBuffer next = stateOut.buffer();
        FloatBuffer p = probability.buffer();
        for (int i = 0; i < n; i++) {
            Stream s = (Stream) batch[i];
            for (int l = 0; l < LAYERS; l++) {
                next.get((l * n + i) * UNITS, s.state, l * UNITS, UNITS); // self._state = stateN
            }
            // self._context = x[..., -context_size:]
            System.arraycopy(s.input, chunkSamples - contextSamples, s.context, 0, contextSamples);
            s.scores[0] = p.get(i);
        }
    }

    private OrtSession session(int n) {
        return n <= SMALL_BATCH && !compact ? model.session(sampleRateHz) : model.batchSession(sampleRateHz);
    }

    private Map<String, OnnxTensor> inputs(int n) {
        Map<String, OnnxTensor> m = inputs[n];
        if (m == null) {
            m = new HashMap<>();
            m.put(SileroVadModel.INPUT, input.tensor(n));
            m.put(SileroVadModel.STATE, stateIn.tensor(n));
            if (model.feedsSampleRate()) {
                m.put(SileroVadModel.SAMPLE_RATE, sampleRate);
            }
            inputs[n] = Map.copyOf(m);
        }
        return inputs[n];
    }

    private Map<String, OnnxTensor> outputs(int n) {
        if (outputs[n] == null) {
            outputs[n] = Map.of(SileroVadModel.OUTPUT, probability.tensor(n), SileroVadModel.STATE_OUT, stateOut.tensor(n));
        }
        return outputs[n];
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            input.close();
            stateIn.close();
            stateOut.close();
            probability.close();
            if (sampleRate != null) {
                sampleRate.close();
            }
        }
    }

    /** One stream: its recurrent state {@code [2][128]} and the context (zeros at stream start). */
    private final class Stream extends StreamState {
        private final float[] state = new float[LAYERS * UNITS];
        private final float[] context = new float[contextSamples];

        Stream() {
            super(chunkSamples, 1);
        }

        @Override
        public void reset() { // OnnxWrapper.reset_states
            java.util.Arrays.fill(state, 0f);
            java.util.Arrays.fill(context, 0f);
        }
    }
}
