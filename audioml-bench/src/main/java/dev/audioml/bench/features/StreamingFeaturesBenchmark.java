package dev.audioml.bench.features;

import dev.audioml.bench.AudioCursor;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.StreamingFeatures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How long does one hop of streaming features take (push {@code hopSamples} new samples, get one frame), and does it
 * allocate? One {@link FeatureConfig} per run; the target for log-mel 512/160/64 is 3 us and 0 B/op
 * ({@code gc.alloc.rate.norm}). Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar StreamingFeatures -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 * The fork adds {@code jdk.incubator.vector}, so the features run on the SIMD kernels as the {@code audioml} launcher
 * runs them with {@code AUDIOML_VECTOR=1}; {@code -jvmArgsAppend -Daudioml.vector=false} measures the scalar ones.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StreamingFeaturesBenchmark extends BenchmarkDefaults {
    @Param
    public FeatureConfig config;

    private StreamingFeatures streaming;
    private float[] audio;
    private AudioCursor cursor;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        streaming = FeaturePipeline.fromSpec(config.spec()).streaming();
        audio = BenchInputs.noise(10 * config.sampleRateHz());
        cursor = new AudioCursor(audio.length, config.hopSamples());
        out = new float[streaming.maxFrames(config.hopSamples()) * streaming.bins()];
    }

    /** One hop of new audio in (a different hop each call, cycling over 10 s of noise), one frame out. */
    @Benchmark
    public int featuresPerHop() {
        return streaming.push(audio, cursor.next(), config.hopSamples(), out, 0);
    }
}
