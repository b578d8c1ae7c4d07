package dev.audioml.bench.features;

import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.StreamingFeatures;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does one hop of streaming log-mel take (push {@code hopSamples} new samples, get one
 * {@code melBands}-value frame in dB), and does it allocate? Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar StreamingLogMel -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class StreamingLogMelBenchmark {
    @Param("512")
    public int fftSize;
    @Param("160")
    public int hopSamples;
    @Param("64")
    public int melBands;

    private StreamingFeatures streaming;
    private float[] hop;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        streaming = FeaturePipeline.fromSpec(Map.of("feature", "melspectrogram", "sr", 16000, "n_fft", fftSize,
                "hop_length", hopSamples, "n_mels", melBands,
                "to_db", new java.util.HashMap<>(java.util.Collections.singletonMap("top_db", null)))).streaming();
        hop = new float[hopSamples];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < hop.length; i++) {
            hop[i] = (float) (random.nextDouble() - 0.5);
        }
        out = new float[streaming.maxFrames(hopSamples) * streaming.bins()];
    }

    /** One hop in, (after warm-up) exactly one log-mel frame out. */
    @Benchmark
    public int logMelPerHop() {
        return streaming.push(hop, 0, hopSamples, out, 0);
    }

    /** Nothing: the harness cost. */
    @Benchmark
    public void baseline() {
    }
}
