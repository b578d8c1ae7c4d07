package dev.audioml.features.mel;

import dev.audioml.features.internal.GroupedRows;
import dev.audioml.features.internal.Kernels;

/**
 * A mel filter bank exactly as {@code librosa.filters.mel} builds it, applied to power (or magnitude) spectra.
 *
 * <p>Triangles between {@code n_mels + 2} points equally spaced on the mel scale ({@code librosa.mel_frequencies}:
 * HTK {@code 2595 log10(1 + f / 700)} or Slaney's linear-below-1-kHz / log-above scale), evaluated at
 * {@code librosa.fft_frequencies}; {@code norm="slaney"} divides each triangle by its bandwidth in Hz
 * ({@code 2 / (f[i + 2] - f[i])}). When {@code fmax} lies above Nyquist the top filters are empty (all zero), as in
 * librosa, which warns; {@link #emptyFilters()} counts them.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MelFilterBank {
    /**
     * The non-zero span of every filter, back to back: filter {@code m} has {@code offset[m + 1] - offset[m]} weights
     * at {@code flatWeights[offset[m]..]} for the bins from {@code firstBin[m]} on. One flat array instead of
     * {@code [nMels][fftBins]} rows: the 64 filters of 16 kHz 512/64 hold 498 non-zero weights (4 KB, L1-resident
     * next to the FFT's buffers) where the rows took 64 x 257 doubles (131 KB). {@link #apply} runs them from
     * {@link #grouped}.
     */
    private final double[] flatWeights;
    /** The same weights, eight filters side by side ({@link GroupedRows}): what {@link #apply} reads. */
    private final GroupedRows grouped;
    private static final Kernels KERNELS = Kernels.best();
    private final int[] offset;
    private final int[] firstBin;
    private final int fftBins;
    private final int emptyFilters;

    /**
     * @param sampleRateHz sample rate in Hz
     * @param nFft FFT length in samples
     * @param nMels number of filters, at least 1
     * @param fMinHz lowest edge in Hz, at least 0
     * @param fMaxHz highest edge in Hz, above {@code fMinHz} (librosa's {@code fmax=None} is {@code sampleRateHz / 2})
     * @param htk HTK mel scale instead of Slaney's
     * @param slaneyNorm divide each filter by its width ({@code norm="slaney"}); {@code false} for {@code norm=None}
     */
    public MelFilterBank(double sampleRateHz, int nFft, int nMels, double fMinHz, double fMaxHz, boolean htk,
            boolean slaneyNorm) {
        this(librosaWeights(sampleRateHz, nFft, nMels, fMinHz, fMaxHz, htk, slaneyNorm),
                melFrequencies(nMels + 2, fMinHz, fMaxHz, htk));
    }

    /**
     * @param weights {@code [filters][fftBins]}
     * @param lowerEdgeHz each filter's lower edge, or {@code null}: an all-zero filter counts as empty unless its
     *     lower edge is 0 Hz (librosa's "Empty filters detected" rule)
     */
    private MelFilterBank(double[][] weights, double[] lowerEdgeHz) {
        int nMels = weights.length;
        this.fftBins = weights[0].length;
        this.offset = new int[nMels + 1];
        this.firstBin = new int[nMels];
        int[] span = new int[nMels];
        int empty = 0;
        for (int m = 0; m < nMels; m++) {
            int first = -1;
            int last = -1;
            for (int k = 0; k < fftBins; k++) {
                if (weights[m][k] != 0.0) {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }
            firstBin[m] = Math.max(0, first);
            span[m] = last - first + (first < 0 ? 0 : 1);
            offset[m + 1] = offset[m] + span[m];
            empty += span[m] == 0 && (lowerEdgeHz == null || lowerEdgeHz[m] != 0.0) ? 1 : 0;
        }
        this.emptyFilters = empty;
        this.flatWeights = new double[offset[nMels]];
        for (int m = 0; m < nMels; m++) {
            System.arraycopy(weights[m], firstBin[m], flatWeights, offset[m], span[m]);
        }
        this.grouped = GroupedRows.of(flatWeights, offset, firstBin, nMels, fftBins);
    }

    /**
     * A bank from explicit weights (for instance Kaldi's, {@code torchaudio.compliance.kaldi.get_mel_banks}); only the
     * span from each filter's first to last non-zero weight is kept (weights are read, not retained).
     *
     * @param weights {@code [filters][fftBins]}, at least one filter of at least one bin, all rows equally long
     * @return the bank; {@link #emptyFilters()} counts the all-zero rows
     * @since 0.1
     */
    public static MelFilterBank fromWeights(double[][] weights) {
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("weights must be [filters >= 1][bins >= 1], got " + weights.length
                    + " filters");
        }
        for (double[] row : weights) {
            if (row.length != weights[0].length) {
                throw new IllegalArgumentException("every filter needs " + weights[0].length + " weights, got "
                        + row.length);
            }
        }
        return new MelFilterBank(weights, null);
    }

    /** {@code librosa.filters.mel}'s weights, {@code [nMels][1 + nFft / 2]}. */
    private static double[][] librosaWeights(double sampleRateHz, int nFft, int nMels, double fMinHz, double fMaxHz,
            boolean htk, boolean slaneyNorm) {
        if (nMels < 1) {
            throw new IllegalArgumentException("n_mels must be >= 1, got " + nMels);
        }
        if (!(fMinHz >= 0) || !(fMaxHz > fMinHz)) {
            throw new IllegalArgumentException("need 0 <= fmin < fmax, got fmin=" + fMinHz + ", fmax=" + fMaxHz);
        }
        int fftBins = 1 + nFft / 2;
        double[] fftFreqs = new double[fftBins];
        for (int k = 0; k < fftBins; k++) {
            fftFreqs[k] = k * sampleRateHz / nFft; // np.fft.rfftfreq(n_fft, 1 / sr)
        }
        double[] melF = melFrequencies(nMels + 2, fMinHz, fMaxHz, htk);
        double[][] weights = new double[nMels][fftBins];
        for (int i = 0; i < nMels; i++) {
            double lowerDiff = melF[i + 1] - melF[i];
            double upperDiff = melF[i + 2] - melF[i + 1];
            double enorm = slaneyNorm ? 2.0 / (melF[i + 2] - melF[i]) : 1.0;
            for (int k = 0; k < fftBins; k++) {
                double lower = -(melF[i] - fftFreqs[k]) / lowerDiff;
                double upper = (melF[i + 2] - fftFreqs[k]) / upperDiff;
                weights[i][k] = Math.max(0.0, Math.min(lower, upper)) * enorm;
            }
        }
        return weights;
    }

    /**
     * {@code librosa.mel_frequencies}: {@code n} frequencies in Hz equally spaced in mel between two edges.
     *
     * @param n number of points
     * @param fMinHz first point in Hz
     * @param fMaxHz last point in Hz
     * @param htk HTK scale instead of Slaney's
     * @return the frequencies in Hz
     */
    public static double[] melFrequencies(int n, double fMinHz, double fMaxHz, boolean htk) {
        double minMel = hzToMel(fMinHz, htk);
        double maxMel = hzToMel(fMaxHz, htk);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            // np.linspace(min_mel, max_mel, n): start + i * step, the last point exactly max_mel
            double mel = n == 1 ? minMel : minMel + i * ((maxMel - minMel) / (n - 1));
            if (i == n - 1 && n > 1) {
                mel = maxMel;
            }
            out[i] = melToHz(mel, htk);
        }
        return out;
    }

    /**
     * {@code librosa.hz_to_mel}.
     *
     * @param hz frequency in Hz
     * @param htk HTK formula {@code 2595 log10(1 + f / 700)}; otherwise Slaney's (linear below 1 kHz, log above)
     * @return mels
     */
    public static double hzToMel(double hz, boolean htk) {
        if (htk) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
    }

    /**
     * {@code librosa.mel_to_hz}.
     *
     * @param mel mels
     * @param htk HTK formula; otherwise Slaney's
     * @return frequency in Hz
     */
    public static double melToHz(double mel, boolean htk) {
        if (htk) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
    }

    /** @return number of filters */
    public int melBands() {
        return firstBin.length;
    }

    /** @return number of spectrum bins each filter spans, {@code 1 + n_fft / 2} */
    public int fftBins() {
        return fftBins;
    }

    /** @return how many filters are all zero (librosa's "Empty filters detected" warning) */
    public int emptyFilters() {
        return emptyFilters;
    }

    /**
     * @param band filter index
     * @param bin spectrum bin index
     * @return the weight
     */
    public double weight(int band, int bin) {
        if (band < 0 || band >= firstBin.length || bin < 0 || bin >= fftBins) {
            throw new IndexOutOfBoundsException("band " + band + " of " + firstBin.length + ", bin " + bin + " of "
                    + fftBins);
        }
        int i = bin - firstBin[band];
        return i >= 0 && i < offset[band + 1] - offset[band] ? flatWeights[offset[band] + i] : 0.0;
    }

    /**
     * Applies the bank to one spectrum: {@code out[m] = sum_k W[m][k] spectrum[k]}, each sum over the filter's
     * non-zero span in ascending {@code k}; eight filters at a time (see {@link GroupedRows}), on SIMD lanes where
     * {@code jdk.incubator.vector} is present, the same bits either way.
     *
     * @param spectrum {@link #fftBins()} values, read-only
     * @param out destination of {@link #melBands()} values
     */
    public void apply(double[] spectrum, double[] out) {
        KERNELS.groupedRows(grouped, spectrum, out);
    }
}
