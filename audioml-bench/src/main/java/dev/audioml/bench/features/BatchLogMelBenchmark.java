package dev.audioml.bench.features;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
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
 * How long does a whole 10 s clip of mel spectrogram (power, no dB, like torchaudio's {@code MelSpectrogram}) take?
 * Divide by the frame count (1001) for the per-frame throughput that {@code audioml-bench/peer/torchaudio_melspec.py}
 * reports for torchaudio on the same machine. Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar BatchLogMel -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BatchLogMelBenchmark {
    @Param("512")
    public int fftSize;
    @Param("160")
    public int hopSamples;
    @Param("64")
    public int melBands;

    private FeaturePipeline pipeline;
    private float[] clip;

    @Setup(Level.Trial)
    public void setUp() {
        pipeline = FeaturePipeline.fromSpec(Map.of("feature", "melspectrogram", "sr", 16000, "n_fft", fftSize,
                "hop_length", hopSamples, "n_mels", melBands));
        clip = new float[10 * 16000];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (random.nextDouble() - 0.5);
        }
    }

    /** A 10 s clip at 16 kHz: 1001 frames. */
    @Benchmark
    public FeatureMatrix melPerClip() {
        return pipeline.compute(clip);
    }

    /** Nothing: the harness cost. */
    @Benchmark
    public void baseline() {
    }
}
