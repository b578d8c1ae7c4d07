package dev.audioml.onnx.oww;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.internal.BatchKernel;
import dev.audioml.onnx.internal.BatchedTensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An openWakeWord {@link WakeWordModel} for many streams: per batch one melspectrogram run for the streams on their
 * first hop ({@code [n, 1280]}) and one for the rest ({@code [n, 1760]}), then one embedding run over every stream's
 * last 76 mel rows ({@code [n, 76, 32, 1]}, about 90 % of a hop's cost), each stream's buffers kept as
 * {@link WakeWordClassifier} keeps them. Both models have a dynamic batch axis and their rows do not interact.
 *
 * <p>The heads run once per stream (batch 1) on the inference thread: every pretrained head declares a fixed input
 * {@code [1, N, 96]}, and {@code hey_jarvis} is not batch-independent at all (an {@code If} on its score picks a
 * second "verifier" network, and ONNX's {@code If} takes one condition for the whole batch). A head is about 2 % of a
 * hop.
 *
 * <p>Not thread-safe: runs on the batcher's inference thread.
 */
final class OwwBatchKernel implements BatchKernel {
    private final WakeWordModel model;
    private final OwwBackbone backbone;
    private final List<WakeWordHead> heads;
    private final BatchedTensor firstIn;
    private final BatchedTensor nextIn;
    private final BatchedTensor firstMel;
    private final BatchedTensor nextMel;
    private final BatchedTensor windows;
    private final BatchedTensor embeddings;
    private final OwwTensors.Bound[] headIn;
    private final OwwTensors.Bound[] headOut;
    private final Map<String, OnnxTensor>[] headInputs;
    private final Map<String, OnnxTensor>[] headOutputs;
    private final Map<String, OnnxTensor>[][] melMaps;
    private final Map<String, OnnxTensor>[][] embeddingMaps;
    private final Stream[] firsts;
    private final Stream[] nexts;
    private boolean closed;

    @SuppressWarnings("unchecked")
    OwwBatchKernel(WakeWordModel model, int maxBatch) {
        this.model = model;
        this.backbone = model.backbone();
        this.heads = model.heads();
        firstIn = new BatchedTensor(maxBatch, 0, 1, OwwBackbone.HOP_SAMPLES);
        nextIn = new BatchedTensor(maxBatch, 0, 1, OwwBackbone.HOP_SAMPLES + OwwBackbone.CONTEXT_SAMPLES);
        firstMel = new BatchedTensor(maxBatch, 0, 1, 1, OwwBackbone.FIRST_FRAMES, OwwBackbone.MEL_BANDS);
        nextMel = new BatchedTensor(maxBatch, 0, 1, 1, OwwBackbone.NEXT_FRAMES, OwwBackbone.MEL_BANDS);
        windows = new BatchedTensor(maxBatch, 0, 1, OwwBackbone.WINDOW_FRAMES, OwwBackbone.MEL_BANDS, 1);
        embeddings = new BatchedTensor(maxBatch, 0, 1, 1, 1, OwwBackbone.EMBEDDING_SIZE);
        headIn = new OwwTensors.Bound[heads.size()];
        headOut = new OwwTensors.Bound[heads.size()];
        headInputs = (Map<String, OnnxTensor>[]) new Map<?, ?>[heads.size()];
        headOutputs = (Map<String, OnnxTensor>[]) new Map<?, ?>[heads.size()];
        try {
            for (int h = 0; h < heads.size(); h++) {
                WakeWordHead head = heads.get(h);
                headIn[h] = OwwTensors.Bound.of(1, head.inputEmbeddings(), OwwBackbone.EMBEDDING_SIZE);
                headOut[h] = OwwTensors.Bound.of(1, head.outputs());
                headInputs[h] = Map.of(head.inputName(), headIn[h].tensor());
                headOutputs[h] = Map.of(head.outputName(), headOut[h].tensor());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        melMaps = (Map<String, OnnxTensor>[][]) new Map<?, ?>[4][maxBatch + 1];
        embeddingMaps = (Map<String, OnnxTensor>[][]) new Map<?, ?>[2][maxBatch + 1];
        firsts = new Stream[maxBatch];
        nexts = new Stream[maxBatch];
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int frameValues() {
        return OwwBackbone.HOP_SAMPLES;
    }

    @Override
    public StreamState newStream() {
        return new Stream();
    }

    @Override
    public void run(StreamState[] batch, int n) {
        int nf = 0;
        int nn = 0;
        for (int i = 0; i < n; i++) {
            Stream s = (Stream) batch[i];
            if (s.first) {
                firsts[nf++] = s;
            } else {
                nexts[nn++] = s;
            }
        }
        // AudioFeatures._streaming_melspectrogram: the newest 1280 samples plus the 480 before them, as int16 values
        melspectrogram(firsts, nf, firstIn, firstMel, OwwBackbone.FIRST_FRAMES, 0);
        melspectrogram(nexts, nn, nextIn, nextMel, OwwBackbone.NEXT_FRAMES, 1);
        // _get_embeddings on the last 76 mel rows of every stream, one run
        FloatBuffer w = windows.buffer();
        int windowValues = OwwBackbone.WINDOW_FRAMES * OwwBackbone.MEL_BANDS;
        for (int i = 0; i < n; i++) {
            w.put(i * windowValues, ((Stream) batch[i]).melRows);
        }
        run(backbone.embeddingSession(), maps(embeddingMaps, 0, n, backbone.embeddingInput(), windows),
                maps(embeddingMaps, 1, n, backbone.embeddingOutput(), embeddings), "embedding");
        FloatBuffer e = embeddings.buffer();
        for (int i = 0; i < n; i++) {
            Stream s = (Stream) batch[i];
            e.get(i * OwwBackbone.EMBEDDING_SIZE, s.embedding);
            s.ring.push(s.embedding, 0);
            heads(s);
            s.first = false;
        }
        Arrays.fill(firsts, 0, nf, null);
        Arrays.fill(nexts, 0, nn, null);
    }

    private void melspectrogram(Stream[] group, int n, BatchedTensor in, BatchedTensor out, int frames, int kind) {
        if (n == 0) {
            return;
        }
        FloatBuffer b = in.buffer();
        int context = kind == 0 ? 0 : OwwBackbone.CONTEXT_SAMPLES;
        int row = context + OwwBackbone.HOP_SAMPLES;
        for (int i = 0; i < n; i++) {
            Stream s = group[i];
            int at = i * row;
            b.put(at, s.context, 0, context);
            for (int k = 0; k < OwwBackbone.HOP_SAMPLES; k++) {
                b.put(at + context + k, OwwTensors.toInt16Value(s.input[k]));
            }
            b.get(at + row - OwwBackbone.CONTEXT_SAMPLES, s.context, 0, OwwBackbone.CONTEXT_SAMPLES);
        }
        run(backbone.melSession(), maps(melMaps, 2 * kind, n, backbone.melInput(), in),
                maps(melMaps, 2 * kind + 1, n, backbone.melOutput(), out), "melspectrogram");
        FloatBuffer mel = out.buffer();
        for (int i = 0; i < n; i++) {
            OwwBackbone.appendMel(group[i].melRows, mel, i * frames * OwwBackbone.MEL_BANDS, frames);
        }
    }

    /** Model.predict: each head on its last N embeddings; the first 5 predictions of a stream are zeroed. */
    private void heads(Stream s) {
        boolean warmingUp = s.predictions++ < WakeWordClassifier.WARMUP_PREDICTIONS;
        int k = 0;
        for (int h = 0; h < heads.size(); h++) {
            WakeWordHead head = heads.get(h);
            s.ring.latest(headIn[h].buffer(), 0, head.inputEmbeddings());
            run(head.session(), headInputs[h], headOutputs[h], "head " + head.name());
            FloatBuffer out = headOut[h].buffer();
            for (int i = 0; i < head.labels().size(); i++) {
                s.scores[k++] = warmingUp ? 0f : out.get(head.firstOutput() + i);
            }
        }
    }

    private static Map<String, OnnxTensor> maps(Map<String, OnnxTensor>[][] cache, int kind, int n, String name,
            BatchedTensor tensor) {
        Map<String, OnnxTensor> m = cache[kind][n];
        if (m == null) {
            m = Map.of(name, tensor.tensor(n));
            cache[kind][n] = m;
        }
        return m;
    }

    private static void run(OrtSession session, Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs, String what) {
        try (OrtSession.Result ignored = session.run(inputs, outputs)) {
            // outputs are pinned
        } catch (OrtException e) {
            throw new AudioMLException("openWakeWord " + what + " model failed (batched): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (BatchedTensor t : new BatchedTensor[] {firstIn, nextIn, firstMel, nextMel, windows, embeddings}) {
                t.close();
            }
            for (int h = 0; h < headIn.length; h++) {
                if (headIn[h] != null) {
                    headIn[h].close();
                }
                if (headOut[h] != null) {
                    headOut[h].close();
                }
            }
        }
    }

    /** One stream: raw context, the last 76 mel rows, the embedding buffer, the warm-up count. */
    private final class Stream extends StreamState {
        private final float[] context = new float[OwwBackbone.CONTEXT_SAMPLES];
        private final float[] melRows = new float[OwwBackbone.WINDOW_FRAMES * OwwBackbone.MEL_BANDS];
        private final float[] embedding = new float[OwwBackbone.EMBEDDING_SIZE];
        private final EmbeddingRing ring = new EmbeddingRing(backbone.noiseEmbeddings());
        private boolean first;
        private long predictions;

        Stream() {
            super(OwwBackbone.HOP_SAMPLES, model.labels().size());
            reset();
        }

        @Override
        public void reset() {
            Arrays.fill(melRows, 1f); // melspectrogram_buffer = np.ones((76, 32))
            Arrays.fill(context, 0f);
            ring.reset();
            first = true;
            predictions = 0;
        }
    }
}
