package dev.audioml.bench.features.stft;

import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.features.internal.Kernels;
import dev.audioml.features.internal.RealFft;
import dev.audioml.features.stft.Spectrum;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.DoubleFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * How fast is one real forward FFT of {@code fftSize} doubles in AudioML ({@link RealFft}, a port of numpy's pocketfft)
 * against JTransforms' {@code realForward}, and what does AudioML's per-frame {@link Spectrum} (copy, FFT, |X|^2 per
 * bin, no window) add on top? Sizes: powers of two and 400 (Kaldi's and Whisper's 25 ms at 16 kHz; JTransforms'
 * mixed-radix plan for it allocates per call, which {@code -prof gc} shows). The FFTW peer
 * ({@code audioml-bench/peers/fftw_r2c.c}) times the same sizes; compare ratios taken in the same minute. Both FFTs
 * work in place, so their benchmarks copy the input first (a few percent of the transform). Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar FftBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}. The fork adds
 * {@code jdk.incubator.vector}: {@code audiomlRealFft} and {@code audiomlSpectrum} run on the SIMD kernels,
 * {@code audiomlRealFftScalar} on the scalar ones (the same results bit for bit), in the same JVM.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FftBenchmark extends BenchmarkDefaults {
    @Param({"256", "400", "512", "1024", "2048", "4096"})
    public int fftSize;

    private double[] input;
    private double[] work;
    private double[] bins;
    private Spectrum spectrum;
    private DoubleFFT_1D jtransforms;
    private RealFft realFft;
    private RealFft scalarFft;

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
        realFft = new RealFft(fftSize);
        scalarFft = new RealFft(fftSize, Kernels.scalar());
    }

    /** AudioML's {@link RealFft} on a copy of the input (packed output): the same work as the JTransforms one. */
    @Benchmark
    public double[] audiomlRealFft() {
        System.arraycopy(input, 0, work, 0, fftSize);
        realFft.forward(work);
        return work;
    }

    /** {@link #audiomlRealFft} on the scalar kernels (as without {@code jdk.incubator.vector}). */
    @Benchmark
    public double[] audiomlRealFftScalar() {
        System.arraycopy(input, 0, work, 0, fftSize);
        scalarFft.forward(work);
        return work;
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
