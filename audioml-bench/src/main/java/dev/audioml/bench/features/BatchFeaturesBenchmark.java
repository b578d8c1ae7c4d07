package dev.audioml.bench.features;

import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How long does a whole 10 s clip of features take ({@code FeaturePipeline.compute}, as librosa computes a clip)?
 * Divide by the clip's frame count ({@code 1 + samples / hop} with librosa's centring; {@code 1 + (samples - 400) / 160}
 * for Kaldi fbank) for the per-frame cost that {@code audioml-bench/peers/torchaudio_features.py} reports for
 * torchaudio's batch transforms on the same machine. Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar BatchFeatures -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 * The fork adds {@code jdk.incubator.vector}, so the features run on the SIMD kernels as the {@code audioml} launcher
 * runs them with {@code AUDIOML_VECTOR=1}; {@code -jvmArgsAppend -Daudioml.vector=false} measures the scalar ones.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BatchFeaturesBenchmark extends BenchmarkDefaults {
    /** Clip length in seconds. */
    public static final int CLIP_SECONDS = 10;

    @Param
    public FeatureConfig config;

    private FeaturePipeline pipeline;
    private float[] clip;

    @Setup(Level.Trial)
    public void setUp() {
        pipeline = FeaturePipeline.fromSpec(config.spec());
        clip = BenchInputs.noise(CLIP_SECONDS * config.sampleRateHz());
    }

    /** A 10 s clip in, its {@code [frames, bins]} matrix out. */
    @Benchmark
    public FeatureMatrix featuresPerClip() {
        return pipeline.compute(clip);
    }
}
