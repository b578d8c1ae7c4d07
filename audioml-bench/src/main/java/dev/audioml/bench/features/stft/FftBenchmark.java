package dev.audioml.bench.features.stft;

import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.features.stft.Spectrum;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.DoubleFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How fast is one real forward FFT of {@code fftSize} doubles, and what does AudioML's per-frame {@link Spectrum}
 * (FFT + power, no window) add on top? For powers of two {@code Spectrum} runs JTransforms' {@code realForward}; for
 * other sizes (400 here, Kaldi's 25 ms at 16 kHz) AudioML's own Bluestein FFT over JTransforms' power-of-two complex
 * FFT (JTransforms' mixed-radix plan, measured here too, allocates per call). The FFTW peer
 * ({@code audioml-bench/peers/fftw_r2c.c}) times the powers of two. JTransforms works in place, so its benchmark copies
 * the input first (a few percent of the transform). Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar FftBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1 -prof gc}.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FftBenchmark extends BenchmarkDefaults {
    @Param({"256", "400", "512", "1024", "2048", "4096"})
    public int fftSize;

    private double[] input;
    private double[] work;
    private double[] bins;
    private Spectrum spectrum;
    private DoubleFFT_1D jtransforms;

    @Setup(Level.Trial)
    public void setUp() {
        float[] noise = BenchInputs.noise(fftSize);
        input = new double[fftSize];
        for (int i = 0; i < fftSize; i++) {
            input[i] = noise[i];
        }
        work = new double[fftSize];
        bins = new double[fftSize / 2 + 1];
        spectrum = new Spectrum(fftSize, null, 2.0);
        jtransforms = new DoubleFFT_1D(fftSize);
    }

    /** JTransforms' real forward transform on a copy of the input (packed output). */
    @Benchmark
    public double[] jtransformsRealForward() {
        System.arraycopy(input, 0, work, 0, fftSize);
        jtransforms.realForward(work);
        return work;
    }

    /** AudioML's power spectrum of one frame: copy, FFT, |X|^2 per bin. */
    @Benchmark
    public double[] audiomlSpectrum() {
        spectrum.compute(input, fftSize, bins);
        return bins;
    }
}
