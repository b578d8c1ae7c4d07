package dev.audioml.bench.core.resample;

import dev.audioml.bench.AudioCursor;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.core.resample.Resampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How long does the streaming {@link Resampler} take for one 10 ms block of device audio (441 samples at 44.1 kHz,
 * 480 at 48 kHz) down to 16 kHz, and does it allocate? Real-time factor = 10 ms / time per op. Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar Resampler -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 */
public class ResamplerBenchmark extends BenchmarkDefaults {
    /** Target rate in Hz. */
    public static final int TO_HZ = 16_000;

    @Param({"44100", "48000"})
    public int fromHz;

    private Resampler resampler;
    private float[] audio;
    private float[] out;
    private int blockSamples;
    private AudioCursor cursor;

    @Setup(Level.Trial)
    public void setUp() {
        resampler = new Resampler(fromHz, TO_HZ);
        audio = BenchInputs.noise(10 * fromHz);
        blockSamples = fromHz / 100;
        out = new float[resampler.maxOutputSamples(blockSamples)];
        cursor = new AudioCursor(audio.length, blockSamples);
    }

    /** One 10 ms block in (cycling over 10 s of noise), about 160 samples at 16 kHz out. */
    @Benchmark
    public int resamplePer10ms() {
        return resampler.process(audio, cursor.next(), blockSamples, out, 0);
    }
}
