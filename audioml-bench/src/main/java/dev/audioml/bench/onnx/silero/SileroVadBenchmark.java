package dev.audioml.bench.onnx.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.bench.AudioCursor;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.write.OnnxModelEditor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does one 32 ms Silero VAD v5 chunk (512 new samples at 16 kHz) cost through AudioML's {@link SileroVad}, and how
 * much of that is AudioML? {@code bareOrtRun} runs the unedited model file with plain ONNX Runtime Java calls on
 * preallocated tensors (one intra-op and one inter-op thread, as the preset; state swapped through pinned outputs), the
 * floor for a caller who feeds {@code sr} on every run, as Silero's own wrapper does. {@code bareOrtRunFoldedSr} does
 * the same on the copy with {@code sr} frozen to a constant, which is what {@link SileroVadModel} runs: the difference
 * between the two bare runs is what folding the {@code If} saves, the difference to {@code audiomlChunk} is AudioML's
 * overhead. Real-time factor = 32 ms / time per op (target 200x). The model comes from the preset cache (fetched on
 * first use, see docs/presets.md). Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar SileroVad -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}.
 */
public class SileroVadBenchmark extends BenchmarkDefaults {
    private static final int CHUNK_SAMPLES = 512;
    private static final int CONTEXT_SAMPLES = 64;
    private static final long[] STATE_SHAPE = {2, 1, 128};
    private static final long SAMPLE_RATE_HZ = 16_000;

    private SileroVadModel model;
    private SileroVad vad;
    private float[] audio;
    private AudioCursor cursor;
    private Bare plain;
    private Bare folded;

    @Setup(Level.Trial)
    public void setUp() throws OrtException, IOException {
        Path file = ModelCache.defaultCache(System.err::println).resolve(Preset.SILERO_VAD).get(0);
        model = SileroVadModel.open(file);
        vad = model.newStream((int) SAMPLE_RATE_HZ);
        audio = BenchInputs.noise(30 * 16_000);
        cursor = new AudioCursor(audio.length, CHUNK_SAMPLES);
        plain = new Bare(Files.readAllBytes(file), true);
        folded = new Bare(OnnxModelEditor.read(file).freezeInput("sr", new long[] {SAMPLE_RATE_HZ}).toByteArray(), false);
    }

    /** One chunk through AudioML's stateful Silero stream (context, state carried, probability out). */
    @Benchmark
    public float audiomlChunk() {
        return vad.speechProbability(audio, cursor.next());
    }

    /** The same chunk with plain ONNX Runtime calls on the unedited model ({@code sr} fed each run). */
    @Benchmark
    public float bareOrtRun() throws OrtException {
        return plain.chunk(audio, cursor.next());
    }

    /** The same chunk with plain ONNX Runtime calls on the model with {@code sr} frozen to 16000. */
    @Benchmark
    public float bareOrtRunFoldedSr() throws OrtException {
        return folded.chunk(audio, cursor.next());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        vad.close();
        model.close();
        plain.close();
        folded.close();
    }

    /** A bare ONNX Runtime session with preallocated input, state (two tensors swapped each run) and output. */
    private static final class Bare {
        private final OrtSession session;
        private final FloatBuffer input = direct(CONTEXT_SAMPLES + CHUNK_SAMPLES);
        private final FloatBuffer probability = direct(1);
        private final OnnxTensor[] states = new OnnxTensor[2];
        private final Map<String, OnnxTensor> inputs = new HashMap<>();
        private final Map<String, OnnxTensor> outputs = new HashMap<>();
        private int current;

        Bare(byte[] model, boolean feedSampleRate) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                session = env.createSession(model, options);
            }
            inputs.put("input", OnnxTensor.createTensor(env, input, new long[] {1, CONTEXT_SAMPLES + CHUNK_SAMPLES}));
            if (feedSampleRate) {
                inputs.put("sr", OnnxTensor.createTensor(env, SAMPLE_RATE_HZ));
            }
            states[0] = OnnxTensor.createTensor(env, direct(2 * 128), STATE_SHAPE);
            states[1] = OnnxTensor.createTensor(env, direct(2 * 128), STATE_SHAPE);
            outputs.put("output", OnnxTensor.createTensor(env, probability, new long[] {1, 1}));
        }

        float chunk(float[] audio, int at) throws OrtException {
            input.position(CONTEXT_SAMPLES);
            input.put(audio, at, CHUNK_SAMPLES);
            input.rewind();
            int next = 1 - current;
            inputs.put("state", states[current]);
            outputs.put("stateN", states[next]);
            try (OrtSession.Result ignored = session.run(inputs, outputs)) {
                current = next;
            }
            for (int i = 0; i < CONTEXT_SAMPLES; i++) {
                input.put(i, input.get(CHUNK_SAMPLES + i));
            }
            return probability.get(0);
        }

        void close() throws OrtException {
            inputs.remove("state");
            outputs.remove("stateN");
            inputs.values().forEach(OnnxTensor::close);
            outputs.values().forEach(OnnxTensor::close);
            states[0].close();
            states[1].close();
            session.close();
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
