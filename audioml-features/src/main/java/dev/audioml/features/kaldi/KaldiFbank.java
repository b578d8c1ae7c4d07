package dev.audioml.features.kaldi;

import dev.audioml.features.FrameFeature;
import dev.audioml.features.db.FastLog;
import dev.audioml.features.mel.MelFilterBank;
import dev.audioml.features.stft.Spectrum;
import dev.audioml.features.window.WindowFunctions;
import java.util.Random;

/**
 * One frame of Kaldi filter-bank features exactly as {@code torchaudio.compliance.kaldi.fbank} computes it
 * ({@code _get_window} then the mel part of {@code fbank}): optional dither, DC removal, raw log energy,
 * pre-emphasis {@code x[i] - c x[i-1]} (with {@code x[-1] = x[0]}), window, zero padding to the FFT size, power
 * (or magnitude) spectrum, Kaldi mel banks ({@code get_mel_banks}: {@code 1127 ln(1 + f / 700)}, triangles on the
 * first {@code padded / 2} bins, the Nyquist bin weighted 0), {@code log(max(x, eps))} with float32 eps
 * ({@link FastLog#ln}, within 1e-12 of {@code Math.log}), and the
 * energy column first (or last with {@code htk_compat}).
 *
 * <p>Dither, when non-zero, adds seeded Gaussian noise: reproducible, but not the same noise as torch's.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class KaldiFbank implements FrameFeature {
    /** {@code torch.finfo(torch.float).eps}, torchaudio's EPSILON. */
    public static final double EPSILON = Math.ulp(1.0f);

    private final KaldiOptions options;
    private final int windowSize;
    private final double[] window;
    private final Spectrum spectrum;
    private final MelFilterBank banks;
    private final double[] work;
    private final double[] power;
    private final double[] energies;
    private final Random random;

    /**
     * @param options validated options
     */
    public KaldiFbank(KaldiOptions options) {
        this.options = options;
        this.windowSize = options.windowSamples();
        this.window = kaldiWindow(options.windowType(), windowSize, options.blackmanCoeff());
        int padded = options.paddedWindowSamples();
        this.spectrum = new Spectrum(padded, null, options.usePower() ? 2.0 : 1.0);
        this.banks = MelFilterBank.fromWeights(melBanks(options.numMelBins(), padded, options.sampleFrequency(),
                options.lowFreq(), options.highFreq()));
        this.work = new double[padded];
        this.power = new double[spectrum.bins()];
        this.energies = new double[options.numMelBins()];
        this.random = new Random(0);
    }

    /** {@code torchaudio.compliance.kaldi._feature_window_function}. */
    static double[] kaldiWindow(String type, int size, double blackmanCoeff) {
        switch (type) {
            case "hanning":
                return WindowFunctions.window(WindowFunctions.Shape.HANN, size, false);
            case "hamming":
                return WindowFunctions.window(WindowFunctions.Shape.HAMMING, size, false);
            case "povey":
                return WindowFunctions.window(WindowFunctions.Shape.POVEY, size, false);
            case "rectangular":
                return WindowFunctions.window(WindowFunctions.Shape.RECTANGULAR, size, false);
            case "blackman":
                double a = 2 * Math.PI / (size - 1);
                double[] w = new double[size];
                for (int i = 0; i < size; i++) {
                    w[i] = blackmanCoeff - 0.5 * Math.cos(a * i) + (0.5 - blackmanCoeff) * Math.cos(2 * a * i);
                }
                return w;
            default:
                throw new IllegalArgumentException("window_type must be one of [hamming, hanning, povey, "
                        + "rectangular, blackman], got \"" + type + "\"");
        }
    }

    /** {@code torchaudio.compliance.kaldi.get_mel_banks} without VTLN; one extra zero column for the Nyquist bin. */
    static double[][] melBanks(int numBins, int paddedWindow, double sampleFreq, double lowFreq, double highFreq) {
        int numFftBins = paddedWindow / 2;
        double fftBinWidth = sampleFreq / paddedWindow;
        double melLow = kaldiMel(lowFreq);
        double melHigh = kaldiMel(highFreq);
        double delta = (melHigh - melLow) / (numBins + 1);
        double[][] out = new double[numBins][numFftBins + 1];
        for (int b = 0; b < numBins; b++) {
            double left = melLow + b * delta;
            double center = melLow + (b + 1.0) * delta;
            double right = melLow + (b + 2.0) * delta;
            for (int k = 0; k < numFftBins; k++) {
                double mel = kaldiMel(fftBinWidth * k);
                double up = (mel - left) / (center - left);
                double down = (right - mel) / (right - center);
                out[b][k] = Math.max(0.0, Math.min(up, down));
            }
        }
        return out;
    }

    /** Kaldi's mel scale, {@code 1127 ln(1 + f / 700)}. */
    static double kaldiMel(double hz) {
        return 1127.0 * Math.log(1.0 + hz / 700.0);
    }

    @Override
    public int bins() {
        return options.numMelBins() + (options.useEnergy() ? 1 : 0);
    }

    @Override
    public void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row) {
        int n = windowSize;
        System.arraycopy(frame, 0, work, 0, n);
        if (options.dither() != 0.0) {
            for (int i = 0; i < n; i++) {
                work[i] += random.nextGaussian() * options.dither();
            }
        }
        if (options.removeDcOffset()) {
            double mean = sum(work, n, false) / n;
            for (int i = 0; i < n; i++) {
                work[i] -= mean;
            }
        }
        double logEnergy = 0;
        if (options.rawEnergy()) {
            logEnergy = logEnergy(work, n);
        }
        double c = options.preemphasisCoefficient();
        if (c != 0.0) {
            for (int i = n - 1; i > 0; i--) {
                work[i] -= c * work[i - 1];
            }
            work[0] -= c * work[0];
        }
        for (int i = 0; i < n; i++) {
            work[i] *= window[i];
        }
        if (!options.rawEnergy()) {
            logEnergy = logEnergy(work, n);
        }
        spectrum.compute(work, n, power);
        banks.apply(power, energies);
        int offset = options.useEnergy() && !options.htkCompat() ? 1 : 0;
        for (int b = 0; b < energies.length; b++) {
            row[offset + b] = options.useLogFbank() ? FastLog.ln(Math.max(energies[b], EPSILON)) : energies[b];
        }
        if (options.useEnergy()) {
            row[options.htkCompat() ? energies.length : 0] = logEnergy;
        }
    }

    /**
     * The sum of {@code x[0..n)} (or of their squares) in four interleaved partial sums. One running sum is a chain
     * of 400 dependent adds per 25 ms frame (~0.4 us on the build machine, twice per frame: DC offset and energy);
     * four chains overlap. torch reduces in its own vectorised order too, so neither order is the reference's: the
     * Kaldi goldens' deviations did not change.
     */
    private static double sum(double[] x, int n, boolean squares) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += squares ? x[i] * x[i] : x[i];
            s1 += squares ? x[i + 1] * x[i + 1] : x[i + 1];
            s2 += squares ? x[i + 2] * x[i + 2] : x[i + 2];
            s3 += squares ? x[i + 3] * x[i + 3] : x[i + 3];
        }
        for (; i < n; i++) {
            s0 += squares ? x[i] * x[i] : x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code _get_log_energy}: {@code max(log(max(sum x^2, eps)), log(energy_floor))} (no floor when 0). */
    private double logEnergy(double[] x, int n) {
        double e = Math.log(Math.max(sum(x, n, true), EPSILON));
        return options.energyFloor() == 0.0 ? e : Math.max(e, Math.log(options.energyFloor()));
    }
}
