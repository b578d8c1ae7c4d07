package dev.audioml.bench.core.resample;

import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.core.resample.Resampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How fast does AudioML resample a 10 s clip as {@code librosa.load(path, sr=...)} does ({@link Resampler}, soxr_hq,
 * the pure-Java port of libsoxr), next to python-soxr on the same clip ({@code peers/python_soxr.py}, one thread)?
 * Throughput in ms per 10 s clip, streamed in 4096-sample blocks (the same code as a whole clip). Run with the peer:
 * {@code audioml-bench/peers/compare.sh}, or alone:
 * {@code java -jar audioml-bench/target/benchmarks.jar SoxrResamplerBenchmark -f 1 -wi 3 -i 5 -prof gc}. The fork
 * runs with {@code jdk.incubator.vector} (the FFT passes on SIMD vectors, as the {@code audioml} launcher runs them);
 * {@code -jvmArgsAppend -Daudioml.vector=false} measures the scalar passes.
 *
 * @since 0.2
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SoxrResamplerBenchmark extends BenchmarkDefaults {
    /** Clip length in seconds (the peer uses the same). */
    public static final int SECONDS = 10;
    private static final int BLOCK = 4096;

    /** {@code fromHz_toHz}: the four conversions. */
    @Param({"44100_22050", "44100_16000", "48000_16000", "22050_22500"})
    public String rates;

    private Resampler resampler;
    private float[] clip;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        String[] r = rates.split("_");
        int fromHz = Integer.parseInt(r[0]);
        int toHz = Integer.parseInt(r[1]);
        resampler = new Resampler(fromHz, toHz);
        clip = BenchInputs.noise(SECONDS * fromHz);
        out = new float[resampler.maxOutputSamples(BLOCK) + resampler.maxFlushSamples()];
    }

    /** One 10 s clip in, {@code 10 * toHz} samples out; returns the count. */
    @Benchmark
    public long resampleClip() {
        resampler.reset();
        long n = 0;
        for (int pos = 0; pos < clip.length; pos += BLOCK) {
            n += resampler.process(clip, pos, Math.min(BLOCK, clip.length - pos), out, 0);
        }
        return n + resampler.flush(out, 0);
    }
}
