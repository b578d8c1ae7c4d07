package dev.audioml.bench.features.stft;

import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.features.stft.RealFft;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.DoubleFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How fast is one real forward FFT of {@code fftSize} doubles: AudioML's own {@link RealFft} (used for power-of-two
 * sizes) against JTransforms' {@code realForward} (used for other sizes)? The FFTW peer
 * ({@code audioml-bench/peers/fftw_r2c.c}) times the same sizes. JTransforms works in place, so its benchmark copies
 * the input first ({@code RealFft} reads its input and needs no copy); the copy is a few percent of the transform.
 * Run briefly: {@code java -jar audioml-bench/target/benchmarks.jar RealFft -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RealFftBenchmark extends BenchmarkDefaults {
    @Param({"256", "512", "1024", "2048", "4096"})
    public int fftSize;

    private double[] input;
    private double[] work;
    private double[] re;
    private double[] im;
    private RealFft audioml;
    private DoubleFFT_1D jtransforms;

    @Setup(Level.Trial)
    public void setUp() {
        float[] noise = BenchInputs.noise(fftSize);
        input = new double[fftSize];
        for (int i = 0; i < fftSize; i++) {
            input[i] = noise[i];
        }
        work = new double[fftSize];
        re = new double[fftSize / 2 + 1];
        im = new double[fftSize / 2 + 1];
        audioml = new RealFft(fftSize);
        jtransforms = new DoubleFFT_1D(fftSize);
    }

    /** AudioML's split-radix-2 real FFT: input read-only, bins 0..n/2 out. */
    @Benchmark
    public double[] audiomlRealFft() {
        audioml.forward(input, re, im);
        return re;
    }

    /** JTransforms' real forward transform on a copy of the input (packed output). */
    @Benchmark
    public double[] jtransformsRealForward() {
        System.arraycopy(input, 0, work, 0, fftSize);
        jtransforms.realForward(work);
        return work;
    }
}
