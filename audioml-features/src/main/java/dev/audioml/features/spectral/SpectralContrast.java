package dev.audioml.features.spectral;

import dev.audioml.features.FrameFeature;
import dev.audioml.features.stft.Spectrum;
import java.util.Arrays;

/**
 * The per-frame part of {@code librosa.feature.spectral_contrast} (Jiang et al. 2002): the magnitude spectrum is split
 * into {@code n_bands + 1} octave bands ({@code [0, fmin]}, {@code [fmin, 2 fmin]}, ..., the last reaching Nyquist),
 * and each band's peak and valley are the means of its top and bottom {@code max(1, rint(quantile * band size))}
 * magnitudes. Band edges follow librosa 0.11 exactly: a band above the first also takes the bin below its lower edge,
 * every band but the last drops its highest bin, and the size counted for the quantile is before that drop.
 *
 * <p>A row holds the {@code n_bands + 1} peaks followed by the {@code n_bands + 1} valleys (linear magnitudes).
 * librosa's contrast is {@code power_to_db(peak) - power_to_db(valley)} with {@code power_to_db}'s default
 * {@code top_db=80} applied over each whole matrix (see {@link #toDecibelContrast}), or {@code peak - valley} with
 * {@code linear=True} (see {@link #linearContrast}).
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.2
 */
public final class SpectralContrast implements FrameFeature {
    private final Spectrum spectrum;
    private final double[] magnitude;
    private final int bands;
    /** Per band: the bins it sorts, and how many of them the peak/valley average. */
    private final int[] from;
    private final int[] to;
    private final int[] quantileCount;
    private final double[] sorted;

    /**
     * @param sampleRateHz sample rate in Hz
     * @param window the centred STFT window of {@code n_fft} points
     * @param fminHz upper edge of the lowest band ({@code fmin}, 200 Hz), positive
     * @param nBands number of octave bands above it ({@code n_bands}, 6), at least 1
     * @param quantile fraction of each band averaged for peak and valley ({@code quantile}, 0.02), in (0, 1)
     * @throws IllegalArgumentException if a band edge reaches Nyquist or a band holds no bin (librosa fails too)
     */
    public SpectralContrast(double sampleRateHz, double[] window, double fminHz, int nBands, double quantile) {
        if (!(fminHz > 0)) {
            throw new IllegalArgumentException("fmin must be > 0, got " + fminHz);
        }
        if (nBands < 1) {
            throw new IllegalArgumentException("n_bands must be >= 1, got " + nBands);
        }
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + quantile);
        }
        this.spectrum = new Spectrum(window.length, window, 1.0);
        int bins = spectrum.bins();
        this.magnitude = new double[bins];
        this.bands = nBands + 1;
        double[] octa = new double[nBands + 2];
        for (int k = 1; k < octa.length; k++) {
            octa[k] = fminHz * Math.pow(2.0, k - 1);
        }
        for (int k = 0; k < octa.length - 1; k++) {
            if (octa[k] >= 0.5 * sampleRateHz) {
                throw new IllegalArgumentException("band edge " + octa[k] + " Hz reaches Nyquist ("
                        + sampleRateHz / 2 + " Hz); reduce fmin or n_bands");
            }
        }
        // fft_frequencies = np.linspace(0, sr / 2, bins)
        double[] freq = new double[bins];
        double step = bins > 1 ? (sampleRateHz / 2) / (bins - 1) : 0;
        for (int i = 0; i < bins; i++) {
            freq[i] = i * step;
        }
        freq[bins - 1] = sampleRateHz / 2;
        this.from = new int[bands];
        this.to = new int[bands];
        this.quantileCount = new int[bands];
        for (int k = 0; k < bands; k++) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < bins; i++) {
                if (freq[i] >= octa[k] && freq[i] <= octa[k + 1]) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            if (first < 0 || (k > 0 && first == 0)) {
                throw new IllegalArgumentException("band " + k + " [" + octa[k] + ", "
                        + octa[k + 1] + "] Hz holds no frequency bin; use a larger n_fft, a larger fmin or fewer "
                        + "n_bands");
            }
            int lo = k > 0 ? first - 1 : first;
            int hi = k == nBands ? bins - 1 : last; // the last band takes everything above
            int count = hi - lo + 1;
            if (k < nBands) {
                hi--; // sub_band[..., :-1, :]
            }
            if (hi < lo) {
                throw new IllegalArgumentException("band " + k + " holds no frequency bin; use a "
                        + "larger n_fft");
            }
            from[k] = lo;
            to[k] = hi;
            quantileCount[k] = Math.max(1, (int) Math.rint(quantile * count));
        }
        this.sorted = new double[bins];
    }

    @Override
    public int bins() {
        return 2 * bands;
    }

    @Override
    public void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row) {
        spectrum.compute(frame, frame.length, magnitude);
        for (int k = 0; k < bands; k++) {
            int n = to[k] - from[k] + 1;
            System.arraycopy(magnitude, from[k], sorted, 0, n);
            Arrays.sort(sorted, 0, n);
            int q = Math.min(quantileCount[k], n);
            double valley = 0;
            double peak = 0;
            for (int i = 0; i < q; i++) {
                valley += sorted[i];
                peak += sorted[n - 1 - i];
            }
            // np.mean(sortedr[:idx]) / np.mean(sortedr[-idx:]); a slice longer than the band takes the whole band
            row[k] = peak / q;
            row[bands + k] = valley / q;
        }
    }

    /**
     * {@code peak - valley} per band ({@code linear=True}).
     *
     * @param in a row of {@link #bins()} values as {@link #compute} writes it
     * @param out destination of {@code bins() / 2} values
     * @param bands {@code n_bands + 1}
     */
    public static void linearContrast(double[] in, double[] out, int bands) {
        for (int k = 0; k < bands; k++) {
            out[k] = in[k] - in[bands + k];
        }
    }

    /**
     * {@code power_to_db(peak) - power_to_db(valley)} over a whole clip, with {@code power_to_db}'s defaults
     * ({@code ref=1.0}, {@code amin=1e-10}, {@code top_db=80} below the largest value of the peak matrix and of the
     * valley matrix respectively). Packs the result to {@code bands} values per row from index 0.
     *
     * @param rows packed rows of {@code 2 * bands} values, overwritten
     * @param frames number of rows
     * @param bands {@code n_bands + 1}
     */
    public static void toDecibelContrast(double[] rows, int frames, int bands) {
        int width = 2 * bands;
        double[] maxima = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int f = 0; f < frames; f++) {
            observeDecibelMaxima(rows, f * width, bands, maxima);
        }
        for (int f = 0; f < frames; f++) {
            applyDecibelContrast(rows, f * width, f * bands, bands, maxima);
        }
    }

    /**
     * The first half of {@link #toDecibelContrast} for one row: takes its peaks' and valleys' dB into the running
     * maxima (a stream's gathering pass). Leaves the row as it was.
     *
     * @param row {@code 2 * bands} values from {@code offset}: peaks, then valleys
     * @param offset first value
     * @param bands {@code n_bands + 1}
     * @param maxima {@code {peak maximum, valley maximum}} in dB, updated
     */
    public static void observeDecibelMaxima(double[] row, int offset, int bands, double[] maxima) {
        for (int k = 0; k < bands; k++) {
            maxima[0] = Math.max(maxima[0], decibels(row[offset + k]));
            maxima[1] = Math.max(maxima[1], decibels(row[offset + k + bands]));
        }
    }

    /**
     * The second half of {@link #toDecibelContrast} for one row: the contrast in dB with top_db=80 below the given
     * maxima.
     *
     * @param row peaks then valleys ({@code 2 * bands} values) from {@code offset}
     * @param offset first value
     * @param to where the {@code bands} contrast values go (at most {@code offset}: the row is packed in place)
     * @param bands {@code n_bands + 1}
     * @param maxima {@code {peak maximum, valley maximum}} in dB over the whole clip
     */
    public static void applyDecibelContrast(double[] row, int offset, int to, int bands, double[] maxima) {
        for (int k = 0; k < bands; k++) {
            double p = Math.max(decibels(row[offset + k]), maxima[0] - 80.0);
            double v = Math.max(decibels(row[offset + k + bands]), maxima[1] - 80.0);
            row[to + k] = p - v;
        }
    }

    /** power_to_db with ref=1.0 and amin=1e-10, before top_db. */
    private static double decibels(double power) {
        return 10.0 * Math.log10(Math.max(1e-10, power));
    }
}
