package dev.audioml.features.cqt;

import dev.audioml.core.resample.Resampler;
import dev.audioml.features.chroma.TuningEstimator;
import dev.audioml.features.internal.RealFft;
import dev.audioml.features.stft.Spectrum;
import dev.audioml.features.window.WindowFunctions;
import java.util.Arrays;

/**
 * {@code np.abs(librosa.cqt(y, sr=sr, hop_length=hop, fmin=fmin, n_bins=n_bins, bins_per_octave=bpo, tuning=t))}
 * with librosa 0.11's remaining defaults ({@code filter_scale=1}, {@code norm=1}, {@code sparsity=0.01},
 * {@code window="hann"}, {@code scale=True}, {@code pad_mode="constant"}, {@code res_type="soxr_hq"}), following
 * {@code librosa.core.constantq.vqt} with {@code gamma=0} step by step: Hann-windowed complex exponentials of length
 * {@code Q * sr / f} ({@code filters.wavelet}, {@code wavelet_lengths}, {@code _relative_bandwidth}), L1-normalised,
 * their FFTs sparsified to 99 % of each row's L1 mass ({@code util.sparsify_rows}); the signal first downsampled by
 * {@code 2^k} where the hop and the top filter allow ({@code __early_downsample}); then per octave, top first, the
 * rectangular-window STFT times the octave's filters ({@code __cqt_response}) and {@code librosa.resample(y, 2, 1,
 * res_type="soxr_hq", scale=True)} for the next one; the octaves trimmed to the shortest ({@code __trim_stack}) and
 * divided by {@code sqrt(lengths)}. With {@code tuning} {@code NaN}, the tuning is {@code librosa.estimate_tuning(y=y,
 * sr=sr, bins_per_octave=bpo)} (piptrack of the magnitude STFT, n_fft 2048, hop 512), as librosa's {@code None}.
 *
 * <p>Whole clip only (each octave runs at its own rate). Computes in double where librosa computes in complex64.
 * Immutable and thread-safe: {@link #compute} allocates its working arrays.
 *
 * @since 0.2
 */
public final class ConstantQ {
    /** {@code librosa.note_to_hz("C1")}. */
    public static final double C1_HZ = 440.0 * Math.pow(2.0, (24 - 69.0) / 12.0);
    /** {@code filters.WINDOW_BANDWIDTHS["hann"]}. */
    private static final double HANN_BANDWIDTH = 1.50018310546875;
    private static final double SPARSITY = 0.01;

    private final double sampleRateHz;
    private final int hop;
    private final double fminHz;
    private final int nBins;
    private final int binsPerOctave;
    private final double fixedTuning;
    private final boolean hybrid;

    /**
     * @param sampleRateHz sample rate in Hz
     * @param hopSamples hop in samples ({@code hop_length}, 512)
     * @param fminHz lowest frequency before tuning ({@code fmin}, C1 = 32.70 Hz)
     * @param nBins number of bins ({@code n_bins}, 84)
     * @param binsPerOctave bins per octave ({@code bins_per_octave}, 12), at least 2 when {@code nBins > 1}
     * @param tuning tuning in fractions of a bin, or {@code NaN} to estimate it from each clip
     * @throws IllegalArgumentException if the top filter exceeds Nyquist (librosa's message), or a value is out of
     *     range
     */
    public ConstantQ(double sampleRateHz, int hopSamples, double fminHz, int nBins, int binsPerOctave,
            double tuning) {
        this(sampleRateHz, hopSamples, fminHz, nBins, binsPerOctave, tuning, false);
    }

    /**
     * As {@link #ConstantQ(double, int, double, int, int, double)}; with {@code hybrid}, {@code
     * librosa.hybrid_cqt}: the bins whose filters are shorter than two hops (the top ones) come from {@code
     * pseudo_cqt} (their sparsified filter magnitudes times the magnitude of one Hann STFT, divided by
     * {@code sqrt(n_fft)}), the others from {@code cqt}.
     *
     * @param hybrid whether to compute {@code hybrid_cqt}
     */
    public ConstantQ(double sampleRateHz, int hopSamples, double fminHz, int nBins, int binsPerOctave,
            double tuning, boolean hybrid) {
        if (hopSamples < 1) {
            throw new IllegalArgumentException("hop_length must be >= 1, got " + hopSamples);
        }
        if (!(fminHz > 0)) {
            throw new IllegalArgumentException("fmin must be > 0, got " + fminHz);
        }
        if (nBins < 2) {
            throw new IllegalArgumentException("n_bins must be >= 2, got " + nBins);
        }
        if (binsPerOctave < 1) {
            throw new IllegalArgumentException("bins_per_octave must be >= 1, got " + binsPerOctave);
        }
        this.sampleRateHz = sampleRateHz;
        this.hop = hopSamples;
        this.fminHz = fminHz;
        this.nBins = nBins;
        this.binsPerOctave = binsPerOctave;
        this.fixedTuning = tuning;
        this.hybrid = hybrid;
        if (!Double.isNaN(tuning)) {
            new Design(tuning); // validates against Nyquist now
        } else {
            new Design(0.49); // the highest filters any estimate can give
        }
    }

    /** @return bins per frame */
    public int bins() {
        return nBins;
    }

    /** The filters of one tuning. */
    private final class Design {
        final double[] freqs;
        final double[] alpha;
        final int nOctaves;
        final int downsampleCount;

        Design(double tuning) {
            double fmin = fminHz * Math.pow(2.0, tuning / binsPerOctave);
            freqs = new double[nBins];
            for (int i = 0; i < nBins; i++) {
                freqs[i] = fmin * Math.pow(2.0, (double) i / binsPerOctave); // interval_frequencies, "equal"
            }
            alpha = relativeBandwidth(freqs);
            // filters.wavelet_lengths with gamma 0, filter_scale 1
            double cutoff = 0;
            for (int i = 0; i < nBins; i++) {
                double q = 1.0 / alpha[i];
                cutoff = Math.max(cutoff, freqs[i] * (1 + 0.5 * HANN_BANDWIDTH / q));
            }
            double nyquist = sampleRateHz / 2.0;
            if (cutoff > nyquist) {
                double top = 0;
                for (int i = Math.max(0, nBins - binsPerOctave); i < nBins; i++) {
                    top = Math.max(top, freqs[i]);
                }
                throw new IllegalArgumentException("Wavelet basis with max frequency=" + top + " would exceed the "
                        + "Nyquist frequency=" + nyquist + ". Try reducing the number of frequency bins.");
            }
            nOctaves = (int) Math.ceil((double) nBins / binsPerOctave);
            // __early_downsample_count
            int count1 = Math.max(0, (int) Math.ceil(Math.log(nyquist / cutoff) / Math.log(2.0)) - 1 - 1);
            int twos = 0;
            for (int h = hop; h > 0 && h % 2 == 0; h /= 2) {
                twos++;
            }
            int count2 = Math.max(0, twos - nOctaves + 1);
            downsampleCount = Math.min(count1, count2);
        }
    }

    /**
     * @param clipSamples samples in the clip
     * @return the frames {@link #compute} gives
     */
    public int frameCount(long clipSamples) {
        if (hybrid) {
            double tuning = Double.isNaN(fixedTuning) ? 0.0 : fixedTuning;
            int full = fullBins(new Design(tuning));
            long pseudoFrames = full < nBins ? 1 + clipSamples / hop : Long.MAX_VALUE;
            return (int) Math.min(pseudoFrames, full > 0 ? fullPart(tuning, full).frameCount(clipSamples)
                    : Long.MAX_VALUE);
        }
        Design d = new Design(Double.isNaN(fixedTuning) ? 0.0 : fixedTuning);
        long n = clipSamples;
        int h = hop;
        if (d.downsampleCount > 0) {
            int factor = 1 << d.downsampleCount;
            h /= factor;
            n = (long) Math.ceil(n / (double) factor);
        }
        long frames = Long.MAX_VALUE;
        for (int i = 0; i < d.nOctaves; i++) {
            frames = Math.min(frames, 1 + n / h);
            if (h % 2 == 0) {
                h /= 2;
                n = (long) Math.ceil(n / 2.0);
            }
        }
        return (int) frames;
    }

    /**
     * Computes the magnitudes of a whole clip.
     *
     * @param clip mono samples at the sample rate; read-only
     * @return packed rows, {@code frameCount(clip.length)} frames of {@link #bins()} magnitudes
     */
    public double[] compute(float[] clip) {
        double tuning = Double.isNaN(fixedTuning) ? estimateTuning(clip) : fixedTuning;
        Design d = new Design(tuning);
        if (hybrid) {
            return computeHybrid(clip, d, tuning);
        }
        int frames = frameCount(clip.length);
        double[] out = new double[frames * nBins];
        float[] y = clip;
        double sr = sampleRateHz;
        int h = hop;
        if (d.downsampleCount > 0) {
            int factor = 1 << d.downsampleCount;
            h /= factor;
            if (y.length < factor) {
                throw new IllegalArgumentException("Input signal length=" + y.length + " is too short for "
                        + d.nOctaves + "-octave CQT");
            }
            y = resampleScaled(y, factor);
            sr /= factor;
        }
        double srAfterEarly = sr; // vqt rebinds sr to the early-downsampled rate: basis gain and final lengths use it
        int nFilters = Math.min(binsPerOctave, nBins);
        int end = nBins;
        for (int i = 0; i < d.nOctaves && end > 0; i++) {
            int hi = nBins - nFilters * i;
            int lo = Math.max(0, hi - nFilters);
            octave(y, sr, srAfterEarly, h, d, lo, hi, out, frames);
            end = lo;
            if (h % 2 == 0) {
                h /= 2;
                sr /= 2.0;
                y = resampleScaled(y, 2);
            }
        }
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < nBins; b++) {
                out[f * nBins + b] /= Math.sqrt((1.0 / d.alpha[b]) * srAfterEarly / d.freqs[b]);
            }
        }
        return out;
    }

    /** hybrid_cqt's split: bins whose {@code 2 ** ceil(log2(length)) >= 2 * hop} go to the full CQT (the low ones). */
    private int fullBins(Design d) {
        int full = 0;
        for (int i = 0; i < nBins; i++) {
            double length = (1.0 / d.alpha[i]) * sampleRateHz / d.freqs[i];
            if (!(Math.pow(2.0, Math.ceil(Math.log(length) / Math.log(2.0))) < 2.0 * hop)) {
                full++;
            }
        }
        if (full == 1 || full == nBins - 1) {
            throw new IllegalArgumentException("hybrid_cqt: a part of a single bin (" + full + " full, " + (nBins - full)
                    + " pseudo) is not supported; change n_bins or hop_length");
        }
        return full;
    }

    /** {@code cqt(y, sr, hop, fmin=tuned fmin, n_bins=full, bins_per_octave)} as hybrid_cqt calls it. */
    private ConstantQ fullPart(double tuning, int full) {
        return new ConstantQ(sampleRateHz, hop, fminHz * Math.pow(2.0, tuning / binsPerOctave), full, binsPerOctave,
                0.0);
    }

    private double[] computeHybrid(float[] clip, Design d, double tuning) {
        int full = fullBins(d);
        int pseudo = nBins - full;
        int frames = frameCount(clip.length);
        double[] out = new double[frames * nBins];
        if (full > 0) {
            double[] low = fullPart(tuning, full).compute(clip);
            for (int f = 0; f < frames; f++) {
                System.arraycopy(low, f * full, out, f * nBins, full);
            }
        }
        if (pseudo > 0) {
            // pseudo_cqt(y, sr, hop, fmin=min(freqs[pseudo]), n_bins=pseudo): its own frequencies and bandwidths
            double[] freqs = new double[pseudo];
            for (int i = 0; i < pseudo; i++) {
                freqs[i] = d.freqs[full] * Math.pow(2.0, (double) i / binsPerOctave);
            }
            double[] alpha = relativeBandwidth(freqs);
            Basis b = basis(freqs, alpha, 0, pseudo, sampleRateHz, hop, 1.0);
            int nFft = b.nFft();
            int bins = nFft / 2 + 1;
            int[][] keep = sparsify(b.re(), b.im(), bins);
            Spectrum stft = new Spectrum(nFft, WindowFunctions.window(WindowFunctions.Shape.HANN, nFft, true), 1.0);
            double[] frame = new double[nFft];
            double[] mag = new double[bins];
            double norm = Math.sqrt(nFft);
            for (int f = 0; f < frames; f++) {
                centredFrame(clip, (long) f * hop - nFft / 2, frame);
                stft.compute(frame, nFft, mag);
                for (int j = 0; j < pseudo; j++) {
                    double acc = 0;
                    for (int k : keep[j]) {
                        acc += Math.hypot(b.re()[j][k], b.im()[j][k]) * mag[k];
                    }
                    out[f * nBins + full + j] = acc / norm;
                }
            }
        }
        return out;
    }

    /** {@code filters._relative_bandwidth}. */
    private static double[] relativeBandwidth(double[] freqs) {
        int n = freqs.length;
        double[] alpha = new double[n];
        double[] logf = new double[n];
        for (int i = 0; i < n; i++) {
            logf[i] = Math.log(freqs[i]) / Math.log(2.0);
        }
        for (int i = 0; i < n; i++) {
            double bpo = i == 0 ? 1 / (logf[1] - logf[0]) : i == n - 1 ? 1 / (logf[i] - logf[i - 1])
                    : 2 / (logf[i + 1] - logf[i - 1]);
            double p = Math.pow(2.0, 2 / bpo);
            alpha[i] = (p - 1) / (p + 1);
        }
        return alpha;
    }

    /** {@code librosa.resample(y, orig_sr=factor, target_sr=1, res_type="soxr_hq", scale=True)}. */
    private static float[] resampleScaled(float[] y, int factor) {
        float[] r = Resampler.resample(y, factor, 1);
        double scale = Math.sqrt(1.0 / factor);
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (r[i] / scale);
        }
        return r;
    }

    /** The FFTs of one set of filters ({@code __vqt_filter_fft}): real and imaginary parts, {@code [n][nFft/2+1]}. */
    private record Basis(double[][] re, double[][] im, int nFft) {
    }

    /**
     * {@code __vqt_filter_fft(sr, freqs[lo:hi], alpha=alpha[lo:hi], hop_length=widenToHop)}: filters.wavelet (Hann
     * windowed complex exponentials of length {@code Q * sr / f}, L1-normalised, centred in the next power of two),
     * times {@code lengths / n_fft}, FFT of length {@code n_fft}, times {@code gain}; {@code widenToHop} 0 for none.
     */
    private static Basis basis(double[] freqs, double[] alpha, int lo, int hi, double sr, int widenToHop, double gain) {
        int n = hi - lo;
        double maxLen = 0;
        double[] len = new double[n];
        for (int j = 0; j < n; j++) {
            len[j] = (1.0 / alpha[lo + j]) * sr / freqs[lo + j];
            maxLen = Math.max(maxLen, len[j]);
        }
        int basisLen = (int) Math.pow(2.0, Math.ceil(Math.log(maxLen) / Math.log(2.0)));
        int nFft = basisLen;
        if (widenToHop > 0) {
            nFft = Math.max(nFft, (int) Math.pow(2.0, 1 + Math.ceil(Math.log(widenToHop) / Math.log(2.0))));
        }
        int bins = nFft / 2 + 1;
        double[][] re = new double[n][bins];
        double[][] im = new double[n][bins];
        RealFft fft = new RealFft(nFft);
        double[] bufRe = new double[nFft];
        double[] bufIm = new double[nFft];
        for (int j = 0; j < n; j++) {
            double ilen = len[j];
            long start = (long) Math.floor(-ilen / 2);
            long stop = (long) Math.floor(ilen / 2);
            int m = (int) (stop - start);
            double[] w = WindowFunctions.window(WindowFunctions.Shape.HANN, m, true);
            double[] sr0 = new double[m];
            double[] si = new double[m];
            double l1 = 0;
            for (int t = 0; t < m; t++) {
                double angle = (start + t) * 2 * Math.PI * freqs[lo + j] / sr;
                sr0[t] = Math.cos(angle) * w[t];
                si[t] = Math.sin(angle) * w[t];
                l1 += Math.hypot(sr0[t], si[t]);
            }
            // util.normalize(norm=1), pad_center to basisLen, times lengths / n_fft, FFT of length n_fft
            int pad = (basisLen - m) / 2;
            Arrays.fill(bufRe, 0);
            Arrays.fill(bufIm, 0);
            double scale = ilen / nFft / (l1 < Double.MIN_NORMAL ? 1 : l1);
            for (int t = 0; t < m; t++) {
                bufRe[pad + t] = sr0[t] * scale;
                bufIm[pad + t] = si[t] * scale;
            }
            fft.forward(bufRe);
            fft.forward(bufIm);
            for (int k = 0; k < bins; k++) {
                double ar = halfRe(bufRe, k, nFft);
                double ai = halfIm(bufRe, k, nFft);
                double br = halfRe(bufIm, k, nFft);
                double bi = halfIm(bufIm, k, nFft);
                // FFT(re + i im) = FFT(re) + i FFT(im)
                re[j][k] = (ar - bi) * gain;
                im[j][k] = (ai + br) * gain;
            }
        }
        return new Basis(re, im, nFft);
    }

    /** One octave: its filters' FFTs (__vqt_filter_fft) applied to the rectangular STFT (__cqt_response). */
    private void octave(float[] y, double mySr, double srAfterEarly, int myHop, Design d, int lo, int hi,
            double[] out, int frames) {
        int n = hi - lo;
        // vqt calls __vqt_filter_fft without hop_length: no widening to the hop
        Basis basis = basis(d.freqs, d.alpha, lo, hi, mySr, 0, Math.sqrt(srAfterEarly / mySr));
        double[][] re = basis.re();
        double[][] im = basis.im();
        int nFft = basis.nFft();
        int bins = nFft / 2 + 1;
        int[][] keep = sparsify(re, im, bins);
        // __cqt_response: stft(y, n_fft, hop, window="ones", center, pad constant) then fft_basis . D
        double[] frame = new double[nFft];
        RealFft stft = new RealFft(nFft);
        int half = nFft / 2;
        for (int f = 0; f < frames; f++) {
            centredFrame(y, (long) f * myHop - half, frame);
            stft.forward(frame);
            for (int j = 0; j < n; j++) {
                double accRe = 0;
                double accIm = 0;
                for (int k : keep[j]) {
                    double dr = halfRe(frame, k, nFft);
                    double di = halfIm(frame, k, nFft);
                    accRe += re[j][k] * dr - im[j][k] * di;
                    accIm += re[j][k] * di + im[j][k] * dr;
                }
                out[f * nBins + lo + j] = Math.hypot(accRe, accIm);
            }
        }
    }

    private static double halfRe(double[] h, int k, int n) {
        if (k == 0) {
            return h[0];
        }
        return 2 * k == n ? h[n - 1] : h[2 * k - 1];
    }

    private static double halfIm(double[] h, int k, int n) {
        if (k == 0 || 2 * k == n) {
            return 0;
        }
        return h[2 * k];
    }

    /** One frame of {@code stft(center=True, pad_mode="constant")}: samples from {@code first}, zeros outside. */
    private static void centredFrame(float[] y, long first, double[] frame) {
        for (int t = 0; t < frame.length; t++) {
            long i = first + t;
            frame[t] = i >= 0 && i < y.length ? y[(int) i] : 0.0;
        }
    }

    /** {@code util.sparsify_rows(x, quantile=0.01)}: per row, the bins kept. */
    private static int[][] sparsify(double[][] re, double[][] im, int bins) {
        int[][] keep = new int[re.length][];
        double[] mags = new double[bins];
        for (int j = 0; j < re.length; j++) {
            double norm = 0;
            for (int k = 0; k < bins; k++) {
                mags[k] = Math.hypot(re[j][k], im[j][k]);
                norm += mags[k];
            }
            double[] sorted = mags.clone();
            Arrays.sort(sorted);
            double cumulative = 0;
            int threshold = 0;
            for (int k = 0; k < bins; k++) {
                cumulative += sorted[k] / norm;
                if (!(cumulative < SPARSITY)) {
                    threshold = k;
                    break;
                }
            }
            double limit = sorted[threshold];
            int count = 0;
            int[] idx = new int[bins];
            for (int k = 0; k < bins; k++) {
                if (mags[k] >= limit) {
                    idx[count++] = k;
                }
            }
            keep[j] = Arrays.copyOf(idx, count);
        }
        return keep;
    }

    /** {@code estimate_tuning(y=y, sr=sr, bins_per_octave=bpo)}: piptrack of {@code |stft(y)|} (2048, hop 512). */
    private double estimateTuning(float[] y) {
        int nFft = 2048;
        int step = 512;
        Spectrum s = new Spectrum(nFft, WindowFunctions.window(WindowFunctions.Shape.HANN, nFft, true), 1.0);
        int frames = 1 + y.length / step;
        int bins = s.bins();
        double[] mags = new double[frames * bins];
        double[] frame = new double[nFft];
        double[] row = new double[bins];
        for (int f = 0; f < frames; f++) {
            centredFrame(y, (long) f * step - nFft / 2, frame);
            s.compute(frame, nFft, row);
            System.arraycopy(row, 0, mags, f * bins, bins);
        }
        return TuningEstimator.estimate(mags, frames, bins, sampleRateHz, binsPerOctave);
    }
}
