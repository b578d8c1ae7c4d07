package dev.audioml.bench.onnx.oww;

import dev.audioml.bench.AudioCursor;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does one 80 ms openWakeWord hop (1280 new samples at 16 kHz: melspectrogram model, embedding model, then the
 * {@code hey_jarvis} head) cost? Real-time factor = 80 ms / time per op (target 40x). Models come from the preset
 * cache. Run briefly: {@code java -jar audioml-bench/target/benchmarks.jar WakeWord -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 */
public class WakeWordBenchmark extends BenchmarkDefaults {
    private static final int HOP_SAMPLES = 1280;

    private WakeWordModel model;
    private WakeWordClassifier stream;
    private float[] audio;
    private float[] scores;
    private AudioCursor cursor;

    @Setup(Level.Trial)
    public void setUp() {
        model = Presets.wakeWords(ModelCache.defaultCache(System.err::println), List.of(Preset.HEY_JARVIS));
        stream = model.newClassifier();
        audio = BenchInputs.noise(30 * 16_000);
        cursor = new AudioCursor(audio.length, HOP_SAMPLES);
        scores = new float[stream.labels().size()];
    }

    /** One hop through the whole chain. */
    @Benchmark
    public float[] chainPerHop() {
        stream.score(audio, cursor.next(), scores);
        return scores;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stream.close();
        model.close();
    }
}
