package dev.audioml.bench.onnx.oww;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.bench.AudioCursor;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does one 80 ms openWakeWord hop (1280 new samples at 16 kHz: melspectrogram model, embedding model, then the
 * {@code hey_jarvis} head) cost, and where does the time go? {@code chainPerHop} is AudioML's
 * {@link WakeWordClassifier}; {@code bareMelspectrogram}, {@code bareEmbedding} and {@code bareHead} each run one of
 * the three models alone with plain ONNX Runtime calls on the tensors of a steady-state hop (1760 samples in, 8 mel
 * frames out; 76 x 32 mel frames in, 96 values out; 16 x 96 embeddings in, 1 score out), preallocated, outputs pinned,
 * one intra-op and one inter-op thread as the preset. Their sum is the floor of a hop; the rest of
 * {@code chainPerHop} is AudioML's glue (int16 scaling, mel ring, embedding ring). Real-time factor = 80 ms / time per
 * op (target 40x). Models come from the preset cache. Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar WakeWord -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}.
 */
public class WakeWordBenchmark extends BenchmarkDefaults {
    private static final int HOP_SAMPLES = 1280;
    private static final int MEL_INPUT_SAMPLES = HOP_SAMPLES + 480;
    private static final long[] MEL_OUTPUT_SHAPE = {1, 1, 8, 32};
    private static final long[] WINDOW_SHAPE = {1, 76, 32, 1};
    private static final long[] EMBEDDING_SHAPE = {1, 1, 1, 96};
    private static final long[] HEAD_INPUT_SHAPE = {1, 16, 96};
    private static final long[] HEAD_OUTPUT_SHAPE = {1, 1};

    private WakeWordModel model;
    private WakeWordClassifier stream;
    private float[] audio;
    private float[] scores;
    private AudioCursor cursor;
    private Bare mel;
    private Bare embedding;
    private Bare head;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        ModelCache cache = ModelCache.defaultCache(System.err::println);
        model = Presets.wakeWords(cache, List.of(Preset.HEY_JARVIS));
        stream = model.newClassifier();
        audio = BenchInputs.noise(30 * 16_000);
        cursor = new AudioCursor(audio.length, HOP_SAMPLES);
        scores = new float[stream.labels().size()];
        List<Path> files = cache.resolve(Preset.HEY_JARVIS);
        mel = new Bare(files.get(0), new long[] {1, MEL_INPUT_SAMPLES}, MEL_OUTPUT_SHAPE);
        embedding = new Bare(files.get(1), WINDOW_SHAPE, EMBEDDING_SHAPE);
        head = new Bare(files.get(2), HEAD_INPUT_SHAPE, HEAD_OUTPUT_SHAPE);
        float[] samples = BenchInputs.noise(MEL_INPUT_SAMPLES);
        for (int i = 0; i < samples.length; i++) {
            mel.input.put(i, samples[i] * 32767f);
        }
        float[] frames = BenchInputs.noise(76 * 32);
        for (int i = 0; i < frames.length; i++) {
            embedding.input.put(i, frames[i] + 1f);
        }
        float[] embeddings = BenchInputs.noise(16 * 96);
        for (int i = 0; i < embeddings.length; i++) {
            head.input.put(i, embeddings[i] * 10f);
        }
    }

    /** One hop through the whole chain. */
    @Benchmark
    public float[] chainPerHop() {
        stream.score(audio, cursor.next(), scores);
        return scores;
    }

    /** The melspectrogram model alone, one steady-state hop (1760 samples in, 8 frames out). */
    @Benchmark
    public float bareMelspectrogram() throws OrtException {
        return mel.run();
    }

    /** The embedding model alone, one window of 76 mel frames. */
    @Benchmark
    public float bareEmbedding() throws OrtException {
        return embedding.run();
    }

    /** The {@code hey_jarvis} head alone, the last 16 embeddings. */
    @Benchmark
    public float bareHead() throws OrtException {
        return head.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        stream.close();
        model.close();
        mel.close();
        embedding.close();
        head.close();
    }

    /** One model on a bare ONNX Runtime session with a preallocated input and a pinned output. */
    private static final class Bare {
        private final OrtSession session;
        private final FloatBuffer input;
        private final FloatBuffer output;
        private final OnnxTensor inputTensor;
        private final OnnxTensor outputTensor;
        private final Map<String, OnnxTensor> inputs;
        private final Map<String, OnnxTensor> outputs;

        Bare(Path file, long[] inputShape, long[] outputShape) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                session = env.createSession(file.toString(), options);
            }
            input = direct(inputShape);
            output = direct(outputShape);
            inputTensor = OnnxTensor.createTensor(env, input, inputShape);
            outputTensor = OnnxTensor.createTensor(env, output, outputShape);
            inputs = Map.of(session.getInputNames().iterator().next(), inputTensor);
            outputs = Map.of(session.getOutputNames().iterator().next(), outputTensor);
        }

        float run() throws OrtException {
            try (OrtSession.Result ignored = session.run(inputs, outputs)) {
                return output.get(0);
            }
        }

        void close() throws OrtException {
            inputTensor.close();
            outputTensor.close();
            session.close();
        }

        private static FloatBuffer direct(long[] shape) {
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }
}
