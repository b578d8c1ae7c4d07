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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does one 32 ms Silero VAD v5 chunk (512 new samples at 16 kHz) cost through AudioML's {@link SileroVad}, and how
 * much of that is AudioML? {@code bareOrtRun} runs the same model file with plain ONNX Runtime Java calls on
 * preallocated tensors (one intra-op thread, as the preset), i.e. the floor; the difference is AudioML's overhead.
 * Real-time factor = 32 ms / time per op (target 200x). The model comes from the preset cache (fetched on first use,
 * see docs/presets.md). Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar SileroVad -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 */
public class SileroVadBenchmark extends BenchmarkDefaults {
    private static final int CHUNK_SAMPLES = 512;
    private static final int CONTEXT_SAMPLES = 64;
    private static final long[] STATE_SHAPE = {2, 1, 128};

    private SileroVadModel model;
    private SileroVad vad;
    private float[] audio;
    private AudioCursor cursor;

    private OrtSession bare;
    private FloatBuffer bareInput;
    private FloatBuffer bareState;
    private final Map<String, OnnxTensor> bareInputs = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        Path file = ModelCache.defaultCache(System.err::println).resolve(Preset.SILERO_VAD).get(0);
        model = SileroVadModel.open(file);
        vad = model.newStream(16_000);
        audio = BenchInputs.noise(30 * 16_000);
        cursor = new AudioCursor(audio.length, CHUNK_SAMPLES);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        bare = env.createSession(file.toString(), options);
        bareInput = direct(CONTEXT_SAMPLES + CHUNK_SAMPLES);
        bareState = direct(2 * 128);
        bareInputs.put("input", OnnxTensor.createTensor(env, bareInput, new long[] {1, CONTEXT_SAMPLES + CHUNK_SAMPLES}));
        bareInputs.put("state", OnnxTensor.createTensor(env, bareState, STATE_SHAPE));
        bareInputs.put("sr", OnnxTensor.createTensor(env, 16_000L));
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** One chunk through AudioML's stateful Silero stream (context, state carried, probability out). */
    @Benchmark
    public float audiomlChunk() {
        return vad.speechProbability(audio, cursor.next());
    }

    /** The same chunk with plain ONNX Runtime calls: copy in, run, copy the new state back. */
    @Benchmark
    public float bareOrtRun() throws OrtException {
        int at = cursor.next();
        bareInput.position(CONTEXT_SAMPLES);
        bareInput.put(audio, at, CHUNK_SAMPLES);
        bareInput.rewind();
        try (OrtSession.Result result = bare.run(bareInputs)) {
            FloatBuffer state = ((OnnxTensor) result.get(1)).getFloatBuffer();
            bareState.rewind();
            bareState.put(state);
            bareState.rewind();
            for (int i = 0; i < CONTEXT_SAMPLES; i++) {
                bareInput.put(i, bareInput.get(CHUNK_SAMPLES + i));
            }
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        vad.close();
        model.close();
        for (OnnxTensor t : bareInputs.values()) {
            t.close();
        }
        bare.close();
    }
}
